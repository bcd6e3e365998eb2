import { ErrorCode } from '@obeya/domain';
import type { ApiErrorBody } from '@obeya/sync';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** One shape for every error; 5xx details stay in the log, never in the response. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const body: ApiErrorBody = { error: err.rejection };
      const retryAfter = err.rejection.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      return reply.code(err.statusCode).send(body);
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err, url: req.url, method: req.method }, 'request failed');
      return reply
        .code(500)
        .send({ error: { code: ErrorCode.internal, message: 'Something went wrong on the server.' } });
    }
    const code = status === 413 ? ErrorCode.payloadTooLarge : ErrorCode.invalidPayload;
    return reply.code(status).send({ error: { code, message: err.message } });
  });
}
