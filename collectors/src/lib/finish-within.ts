/** Waits for `work` at most `graceMs`: 'done' when it finished in time, else 'timeout'. */
export async function finishWithin(
  work: Promise<unknown>,
  graceMs: number,
): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)),
  );
  try {
    return await Promise.race([work.then(() => 'done' as const), graceOver]);
  } finally {
    clearTimeout(timer);
  }
}
