import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../config/users-file.js';
import type { WebDependencies } from './web-dependencies.js';

export interface SessionUser {
  username: string;
  role: Role;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SessionUser;
    expiresAt: number;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
  }
}

/** A guard for routes that need a logged-in user (and, for some, the admin role). */
export function requireUser(deps: WebDependencies, role?: Role) {
  const now = deps.now ?? Date.now;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = request.session.get('user');
    const expiresAt = request.session.get('expiresAt') ?? 0;
    if (!user || expiresAt <= now()) {
      const expired = Boolean(user);
      request.session.delete();
      if (request.method === 'GET') return reply.redirect(`/login${expired ? '?expired=1' : ''}`, 302);
      return reply.code(401).send({ error: 'login required' });
    }
    if (role && user.role !== role) return reply.code(403).type('text/plain').send('This needs the admin role.');
    // Sliding expiry: an active manager is not logged out mid-task.
    request.session.set('expiresAt', now() + deps.sessionTtlMs);
    request.user = user;
  };
}
