// HEALTHCHECK of the images: GET a URL on this container, exit 0 on a 2xx answer, 1 otherwise.
// Default: the API's liveness at http://127.0.0.1:$PORT/api/health. Node has fetch; the slim
// image has no curl.
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT || 8080}/api/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
