import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { ApiError } from '@cityops/contracts';
import type { Response } from 'express';
import { TooManyRequestsException } from './too-many-requests.exception.js';

/** Every failed REST call answers one JSON shape: {statusCode, error, message, details?}. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toApiError(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (exception instanceof TooManyRequestsException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }
}

/** body-parser's error types, reworded for the client (its own messages leak parser internals). */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON body',
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported body encoding',
  'charset.unsupported': 'Unsupported body charset',
};

export function toApiError(exception: unknown): ApiError {
  if (!(exception instanceof HttpException)) {
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
  }
  const statusCode = exception.getStatus();
  const error = STATUS_CODES[statusCode] ?? 'Error';
  const cause = exception.cause as { type?: string; limit?: unknown } | undefined;
  const bodyError = BODY_ERRORS[cause?.type ?? ''];
  if (bodyError) {
    const result: ApiError = { statusCode, error, message: bodyError };
    if (cause?.type === 'entity.too.large' && typeof cause.limit === 'number')
      result.details = [`the limit for this request is ${formatBytes(cause.limit)}`];
    return result;
  }
  const raw = exception.getResponse();
  const obj =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : { message: raw };
  const message = Array.isArray(obj.message)
    ? obj.message.join('; ')
    : String(obj.message ?? exception.message);
  const result: ApiError = { statusCode, error, message };
  if (Array.isArray(obj.details)) result.details = obj.details.map(String);
  return result;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
