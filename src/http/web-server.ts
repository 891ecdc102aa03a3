import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { templatesDir } from '../project-paths.js';
import { revokeSession } from '../queries/web-queries.js';
import { LoginThrottle } from './login-throttle.js';
import { DUMMY_PASSWORD_HASH, passwordHashIsOutdated, verifyPassword } from './password.js';
import { credentialOf, DEFAULT_MAX_SESSION_AGE_MS, newSessionId } from './require-user.js';
import { registerErrorHandling } from './web-errors.js';
import type { WebDependencies } from './web-dependencies.js';
import { registerPages } from './web-pages.js';

/**
 * The managers' page: server-rendered pages over the archive and the run log, behind a login.
 * Sessions live in an encrypted, HttpOnly, SameSite=Strict cookie (logout records its id server-side, so a
 * copied cookie dies with it); every state-changing form carries a CSRF
 * token; logins are rate-limited per client address and per user name; the CSP allows no script at all.
 * Nothing but /login, /static and /healthz answers without a session. The client address is the socket's
 * unless the request comes from a configured proxy (deps.trustProxy): a forged X-Forwarded-For from
 * anyone else changes nothing.
 */
export type { WebDependencies } from './web-dependencies.js';

export async function buildWebServer(deps: WebDependencies): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const maxSessionAgeMs = deps.maxSessionAgeMs ?? DEFAULT_MAX_SESSION_AGE_MS;
  const app = Fastify({
    // Typed as Fastify's base logger so the instance keeps its default type (pino's Logger is a superset).
    ...(deps.log ? { loggerInstance: deps.log as FastifyBaseLogger, disableRequestLogging: true } : { logger: false }),
    trustProxy: deps.trustProxy && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerErrorHandling(app);
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
    // The cookie itself stops being accepted after the absolute limit too (seconds).
    expiry: Math.ceil(maxSessionAgeMs / 1000),
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
          // Anyone may ask /healthz: why it fails (hosts, paths, driver messages) goes to the log only.
          app.log.warn({ check: name, err: (error as Error).message }, 'health check failing');
          return [name, 'failing'] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const healthy = results.every(([, state]) => state === 'ok');
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'failing', checks: Object.fromEntries(results) });
  });

  const throttle = new LoginThrottle(deps.loginFailuresPerUser ?? 5, 15 * 60_000, now);
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
      const username = String(request.body?.username ?? '').trim().toLowerCase().slice(0, 100);
      const password = String(request.body?.password ?? '');
      const waitMs = throttle.retryAfterMs(username);
      if (waitMs > 0) {
        request.log.warn({ user: username, ip: request.ip }, 'login refused: too many failed attempts for this user name');
        const minutes = Math.ceil(waitMs / 60_000);
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        return loginPage(reply, `Too many failed logins for this user name: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429);
      }
      const user = (await deps.users()).users.find((candidate) => candidate.username === username);
      // A missing user still costs a hash with today's parameters, so timing does not tell which names exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!user || !valid) {
        throttle.recordFailure(username);
        request.log.info({ user: username, ip: request.ip }, 'login failed');
        return loginPage(reply, 'Wrong user name or password.', 401);
      }
      throttle.recordSuccess(username);
      if (passwordHashIsOutdated(user.passwordHash)) request.log.warn({ user: user.username }, 'password hash below the current scrypt parameters: make a new one with `lgs users hash`');
      // A fresh session: nothing set before the login (a planted cookie, the old CSRF secret) carries over.
      request.session.regenerate();
      request.session.set('user', { username: user.username, role: user.role });
      request.session.set('loggedInAt', now());
      request.session.set('expiresAt', now() + deps.sessionTtlMs);
      request.session.set('credential', credentialOf(user));
      request.session.set('sessionId', newSessionId());
      // The new CSRF secret goes into the cookie set now, so the pages after the login all share it.
      reply.generateCsrf();
      request.log.info({ user: user.username, ip: request.ip }, 'logged in');
      return reply.redirect('/reports', 303);
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    // Deleting the cookie only empties this browser's copy: the id recorded here refuses every other copy.
    const sessionId = request.session.get('sessionId');
    const loggedInAt = request.session.get('loggedInAt');
    if (sessionId !== undefined && loggedInAt !== undefined) await revokeSession(deps.db, sessionId, now(), loggedInAt + maxSessionAgeMs);
    request.session.delete();
    return reply.redirect('/login', 303);
  });

  registerPages(app, deps);
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain').send('Not found'));
  return app;
}
