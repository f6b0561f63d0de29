/** Where an upload is: sending (bytes so far of all), or sent and the server is working on it. */
export type UploadProgress =
  { phase: 'uploading'; sent: number; total: number } | { phase: 'processing'; total: number };
