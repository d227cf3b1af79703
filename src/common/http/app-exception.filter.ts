import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../app-exception.js';
import { ErrorCode } from '../error-codes.js';
import { isRedisOutage, redisOutageException } from '../storage-outage.js';
import { allowedMethods } from './allowed-methods.js';
import { type ErrorBody, HTTP_STATUS_BY_CODE } from './error-body.js';

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHORIZED,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.UNAVAILABLE,
};

/** The one place where errors become HTTP responses in the shape of docs/interface.md § Errors. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const { status, body } = this.toResponse(this.methodNotAllowed(exception, http.getRequest<Request>(), response));
    if (status === 503) this.logger.warn(`${body.error.code}: ${body.error.message}`);
    else if (status >= 500) this.logger.error((exception as Error).stack ?? String(exception));
    response.status(status).json(body);
  }

  /**
   * Nest's 404 for a request no route matched becomes a 405 with `Allow` when a route has this
   * path with other methods (`POST /v1/parkings`); a path no route has stays 404.
   */
  private methodNotAllowed(exception: unknown, req: Request | undefined, res: Response): unknown {
    if (exception instanceof AppException || !(exception instanceof HttpException)) return exception;
    if (exception.getStatus() !== 404 || req === undefined) return exception;
    const allow = allowedMethods(req);
    if (allow.length === 0 || allow.includes(req.method)) return exception;
    res.setHeader('Allow', allow.join(', '));
    return new AppException(
      ErrorCode.METHOD_NOT_ALLOWED,
      `${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}`,
      { details: { allow } },
    );
  }

  private toResponse(raw: unknown): { status: number; body: ErrorBody } {
    const exception = isRedisOutage(raw) ? redisOutageException(raw as Error) : raw;
    if (exception instanceof AppException) {
      const status = HTTP_STATUS_BY_CODE[exception.code] ?? 500;
      const error = { code: exception.code, message: exception.message, details: exception.details };
      return {
        status,
        body: { error: exception.details === undefined ? { code: error.code, message: error.message } : error },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST);
      return { status, body: { error: { code, message: exception.message } } };
    }
    return { status: 500, body: { error: { code: ErrorCode.INTERNAL, message: 'internal error' } } };
  }
}
