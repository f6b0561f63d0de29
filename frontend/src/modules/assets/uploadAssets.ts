import { AssetImportResultSchema, type AssetImportResult } from '@cityops/contracts';
import { ApiError } from '../api/ApiError';
import { apiErrorFor } from '../api/apiErrorFor';
import { renewAccessToken } from '../auth/renewAccessToken';
import { session } from '../auth/session';
import type { UploadProgress } from './UploadProgress';

const PATH = '/api/assets/import';
const WHAT = `POST ${PATH}`;
/** A large file takes a while to send and to import (the backend takes up to 50 MiB). */
const TIMEOUT_MS = 10 * 60_000;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** One XMLHttpRequest (fetch reports no upload progress): the status and the body's text. */
function send(
  file: Blob,
  contentType: string,
  token: string | null,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', PATH);
    xhr.timeout = TIMEOUT_MS;
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) =>
      onProgress({
        phase: 'uploading',
        sent: event.loaded,
        total: event.lengthComputable ? event.total : file.size,
      });
    // Every byte is sent: the server parses, checks and stores now.
    xhr.upload.onload = () => onProgress({ phase: 'processing', total: file.size });
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError('unreachable', `${WHAT}: network error`));
    xhr.ontimeout = () =>
      reject(new ApiError('timeout', `${WHAT}: no answer within ${TIMEOUT_MS} ms`));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    onProgress({ phase: 'uploading', sent: 0, total: file.size });
    xhr.send(file);
  });
}

/**
 * POST /api/assets/import with a CSV or GeoJSON file, reporting the upload's progress. Failures are
 * ApiErrors as in `apiRequest` (a 401 renews the access token once and sends again; a 413 carries
 * the size limit in its details).
 */
export async function uploadAssets(
  file: Blob,
  contentType: string,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<AssetImportResult> {
  const token = session.token();
  let answer = await send(file, contentType, token, onProgress, signal);
  if (answer.status === 401 && token) {
    const renewed = await renewAccessToken(token);
    if (renewed) answer = await send(file, contentType, renewed, onProgress, signal);
    else if (session.token() === token) session.clear();
  }
  const body = parseJson(answer.text);
  if (answer.status < 200 || answer.status >= 300) throw apiErrorFor(answer.status, body, WHAT);
  const parsed = AssetImportResultSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError('invalid-response', `${WHAT}: ${parsed.error.message}`, answer.status);
  return parsed.data;
}
