import type { FastifyInstance } from 'fastify';

/**
 * What the client sees when something goes wrong: for a fault of ours (5xx), only "Internal server error"
 * and a reference, never a file path, SQL or driver message; the whole error goes to the log under the
 * same reference. Refusals (4xx: bad form, CSRF, rate limit) keep their status and their short message,
 * which names no internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).type('text/plain; charset=utf-8').send(error.message);
    }
    request.log.error({ err: error, url: request.url.split('?')[0], method: request.method, request: request.id }, 'request failed');
    return reply.code(500).type('text/plain; charset=utf-8').send(`Internal server error (reference ${request.id}).`);
  });
}
