import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { templatesDir } from '../project-paths.js';
import { verifyPassword } from './password.js';
import './require-user.js';
import type { WebDependencies } from './web-dependencies.js';
import { registerPages } from './web-pages.js';

/**
 * The managers' page: server-rendered pages over the archive and the run log, behind a login.
 * Sessions live in an encrypted, HttpOnly, SameSite=Strict cookie; every state-changing form carries a CSRF
 * token; logins are rate-limited; the CSP allows no script at all. Nothing but /login, /static and
 * /healthz answers without a session.
 */
export type { WebDependencies } from './web-dependencies.js';

export async function buildWebServer(deps: WebDependencies): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const app = Fastify({ logger: false, trustProxy: true, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(formbody);
  await app.register(secureSession, {
    key: deps.sessionKey,
    cookieName: 'lgs_session',
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies },
  });
  await app.register(csrfProtection, { sessionPlugin: '@fastify/secure-session' });
  await app.register(rateLimit, { global: false });

  // No legitimate URL of ours holds a dot segment, an encoded slash or backslash, or a NUL: refuse them
  // before routing, so they can never be normalised into some other route or path.
  app.addHook('onRequest', async (request, reply) => {
    const path = request.raw.url?.split('?')[0] ?? '';
    if (/(^|\/)(\.|%2e){1,2}(\/|$)|%2f|%5c|%00|\\/i.test(path)) return reply.code(400).type('text/plain').send('Bad request');
  });

  const css = readFileSync(join(templatesDir, 'web', 'web.css'));
  app.get('/static/web.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(css));

  app.get('/healthz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(deps.healthChecks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          // A store that is down may make a client wait forever; a health check must answer anyway.
          const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000)));
          await Promise.race([check(), timeout]);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, `failing: ${(error as Error).message}`] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const healthy = results.every(([, state]) => state === 'ok');
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'failing', checks: Object.fromEntries(results) });
  });

  const loginPage = (reply: FastifyReply, message?: string, code = 200) =>
    reply.code(code).type('text/html; charset=utf-8').send(deps.renderer.render('web/login', { csrf: reply.generateCsrf(), message }));

  app.get<{ Querystring: { expired?: string } }>('/login', async (request, reply) =>
    loginPage(reply, request.query.expired ? 'Your session expired: please log in again.' : undefined),
  );

  app.post<{ Body: { username?: string; password?: string } }>(
    '/login',
    {
      // The token comes in the form body, which is parsed after onRequest: check it before the handler.
      preHandler: app.csrfProtection,
      config: { rateLimit: { max: deps.loginAttemptsPerMinute ?? 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const username = String(request.body?.username ?? '').trim().toLowerCase();
      const password = String(request.body?.password ?? '');
      const user = deps.users.users.find((candidate) => candidate.username === username);
      // A missing user still costs a hash, so timing does not tell which user names exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      if (!user || !valid) return loginPage(reply, 'Wrong user name or password.', 401);
      request.session.set('user', { username: user.username, role: user.role });
      request.session.set('expiresAt', now() + deps.sessionTtlMs);
      return reply.redirect('/reports', 303);
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    request.session.delete();
    return reply.redirect('/login', 303);
  });

  registerPages(app, deps);
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain').send('Not found'));
  return app;
}
