import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../config/users-file.js';
import { sessionRevoked } from '../queries/web-queries.js';
import type { WebDependencies } from './web-dependencies.js';

export interface SessionUser {
  username: string;
  role: Role;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Who logged in. The role here is only what it was at login: every request takes it from the users file. */
    user: SessionUser;
    /** Sliding: the end of the inactivity window. */
    expiresAt: number;
    /** Fixed: when the login happened (the absolute age limit counts from here). */
    loggedInAt: number;
    /** Fingerprint of the password hash at login: a new password in the users file ends older sessions. */
    credential: string;
    /** Random, made at login: logout records it server-side, which ends every copy of this cookie. */
    sessionId: string;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
  }
}

export const DEFAULT_MAX_SESSION_AGE_MS = 12 * 60 * 60_000;

/** Short, one-way: says whether the hash changed without putting the hash into the cookie. */
export function credentialOf(user: User): string {
  return createHash('sha256').update(user.passwordHash).digest('base64url').slice(0, 16);
}

/** 128 random bits: not guessable, and never the same for two logins. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A guard for routes that need a logged-in user (and, for some, the admin role). The session only says
 * who logged in and when; whether that user may still come in, and with which role, is decided from the
 * users file on every request, and whether the session was ended by logout from the database (a session
 * without an id, from before ids were made, counts as ended: its manager logs in once more).
 */
export function requireUser(deps: WebDependencies, role?: Role) {
  const now = deps.now ?? Date.now;
  const maxAgeMs = deps.maxSessionAgeMs ?? DEFAULT_MAX_SESSION_AGE_MS;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = request.session.get('user');
    const expiresAt = request.session.get('expiresAt') ?? 0;
    const loggedInAt = request.session.get('loggedInAt') ?? 0;
    const current = session ? (await deps.users()).users.find((candidate) => candidate.username === session.username) : undefined;
    const sessionId = request.session.get('sessionId');
    const valid = current !== undefined && expiresAt > now() && now() - loggedInAt < maxAgeMs && request.session.get('credential') === credentialOf(current);
    // Asked last: only a session that is otherwise good costs a query.
    const loggedOut = valid && (sessionId === undefined || (await sessionRevoked(deps.db, sessionId)));
    if (loggedOut && sessionId !== undefined) {
      // Its own browser dropped the cookie at logout: whoever sends it now holds a copy.
      request.log.warn({ user: session?.username, ip: request.ip }, 'session refused: it was ended by logout, and a copy of its cookie came back');
    }
    if (!valid || loggedOut) {
      const expired = Boolean(session);
      request.session.delete();
      if (session && !current) deps.log?.info({ user: session.username }, 'session ended: user no longer in the users file');
      if (request.method === 'GET') return reply.redirect(`/login${expired ? '?expired=1' : ''}`, 302);
      return reply.code(401).send({ error: 'login required' });
    }
    const user: SessionUser = { username: current.username, role: current.role };
    if (role && user.role !== role) return reply.code(403).type('text/plain').send('This needs the admin role.');
    // Sliding expiry: an active manager is not logged out mid-task (up to the absolute limit).
    request.session.set('expiresAt', now() + deps.sessionTtlMs);
    request.user = user;
  };
}
