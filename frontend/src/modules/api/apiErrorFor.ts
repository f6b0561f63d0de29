import { ApiErrorSchema, type ApiError as ApiErrorBody } from '@cityops/contracts';
import { ApiError } from './ApiError';

/** Statuses a reverse proxy (Vite, nginx) answers with when the backend behind it is down. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * The ApiError of a failed answer: its status and (JSON) body, `what` naming the call
 * ("POST /api/assets/import") for messages the backend did not give. A gateway error, or an error
 * page that is not the backend's JSON error body, means the backend itself did not answer.
 */
export function apiErrorFor(status: number, body: unknown, what: string): ApiError {
  const parsed = ApiErrorSchema.safeParse(body);
  const data: ApiErrorBody | null = parsed.success ? parsed.data : null;
  const message = data ? data.message : `${what}: HTTP ${status}`;
  const details = data?.details ?? [];
  if (status === 401) return new ApiError('unauthorized', message, 401);
  if (status === 403) return new ApiError('forbidden', message, 403, details);
  if (GATEWAY_STATUSES.has(status) || (!data && status >= 500))
    return new ApiError('unreachable', message, status);
  return new ApiError('http', message, status, details);
}
