import type { FastifyInstance } from 'fastify';
import { formatCount } from '../text/number-format.js';
import { recentRuns } from '../queries/run-queries.js';
import { archivedDocuments, deliveriesOf, documentAt, type ArchivedDocument } from '../queries/web-queries.js';
import { nextRuns } from '../schedule/next-runs.js';
import { wallClock } from '../schedule/resolve-as-of.js';
import { calendarDateProblem } from './calendar-date.js';
import { requireUser } from './require-user.js';
import type { WebDependencies } from './web-dependencies.js';

/**
 * The pages behind the login. Files are found by two numbers (run id, position) looked up in the run log;
 * no parameter ever becomes part of a path, so `..`, encoded slashes or absolute paths cannot reach disk.
 */
const SCHEDULE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A file name safe in a Content-Disposition header; the UTF-8 form keeps the original for browsers that read it. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${formatCount(Math.ceil(bytes / 1024))} kB`;
}

function groupByRun(documents: readonly ArchivedDocument[]) {
  const groups = new Map<number, { schedule: string; period: string; report: string; createdAt: string; documents: unknown[] }>();
  for (const d of documents) {
    let group = groups.get(d.run_id);
    if (!group) {
      group = { schedule: d.schedule, period: d.period, report: d.report, createdAt: d.created_at, documents: [] };
      groups.set(d.run_id, group);
    }
    group.documents.push({ ...d, size: humanSize(d.bytes), inline: d.content_type === 'application/pdf' });
  }
  return [...groups.values()];
}

export function registerPages(app: FastifyInstance, deps: WebDependencies): void {
  const signedIn = requireUser(deps);
  const adminOnly = requireUser(deps, 'admin');

  app.get('/', { preHandler: signedIn }, async (_request, reply) => reply.redirect('/reports', 302));

  app.get<{ Querystring: { schedule?: string; from?: string; to?: string } }>('/reports', { preHandler: signedIn }, async (request, reply) => {
    const query = request.query;
    // An empty field is no filter (the form sends `from=` when left blank); anything else must be a real day.
    for (const name of ['from', 'to'] as const) {
      const problem = query[name] ? calendarDateProblem(String(query[name])) : undefined;
      if (problem) return reply.code(400).type('text/plain; charset=utf-8').send(`Bad request: ${name}: ${problem}.`);
    }
    const filter = {
      schedule: query.schedule && SCHEDULE_NAME.test(query.schedule) ? query.schedule : undefined,
      from: query.from || undefined,
      to: query.to || undefined,
    };
    const [documents, all] = await Promise.all([archivedDocuments(deps.db, filter), archivedDocuments(deps.db, {})]);
    const schedules = [...new Set(all.map((d) => d.schedule))].sort();
    const view = { user: request.user, csrf: reply.generateCsrf(), groups: groupByRun(documents), schedules, filter, filtered: Boolean(filter.schedule || filter.from || filter.to) };
    return reply.type('text/html; charset=utf-8').send(deps.renderer.render('web/reports', view));
  });

  app.get<{ Params: { runId: string; position: string }; Querystring: { inline?: string } }>(
    '/files/:runId/:position',
    { preHandler: signedIn },
    async (request, reply) => {
      const { runId, position } = request.params;
      if (!/^\d{1,9}$/.test(runId) || !/^\d{1,4}$/.test(position)) return reply.code(404).type('text/plain').send('Not found');
      const document = await documentAt(deps.db, Number(runId), Number(position));
      if (!document) return reply.code(404).type('text/plain').send('Not found');
      // Checked against the sha256 recorded when it was archived: a damaged file is an error, never served.
      const bytes = await deps.archive.get(document.archive_key, document.sha256).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (!bytes) {
        // Pruned by retention or removed by hand: say so, without saying where we looked.
        request.log.warn({ runId: Number(runId), position: Number(position), archiveKey: document.archive_key }, 'download of a file no longer in the archive');
        return reply.code(404).type('text/plain; charset=utf-8').send(`${document.file_name} is no longer in the archive.`);
      }
      const inline = request.query.inline === '1' && document.content_type === 'application/pdf';
      return reply
        .type(document.content_type === 'text/csv' ? 'text/csv; charset=utf-8' : document.content_type)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', document.file_name))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  app.get('/runs', { preHandler: signedIn }, async (request, reply) => {
    const runs = await recentRuns(deps.db, 50);
    const deliveries = await deliveriesOf(deps.db, runs.map((r) => r.run_id));
    const view = {
      user: request.user,
      csrf: reply.generateCsrf(),
      runs: runs.map((run) => ({
        ...run,
        timingList: Object.entries(run.timings).map(([name, ms]) => ({ name, ms })),
        deliveries: deliveries.filter((d) => d.run_id === run.run_id),
      })),
    };
    return reply.type('text/html; charset=utf-8').send(deps.renderer.render('web/runs', view));
  });

  const schedulesPage = async (request: { user?: unknown }, reply: import('fastify').FastifyReply, notice?: string) => {
    const { path, config, error } = await deps.readSchedules();
    const now = new Date();
    const schedules = (config?.schedules ?? []).map((s) => ({
      ...s,
      nextRuns: s.enabled ? nextRuns(s.cron, s.timezone, now, 3).map((at) => wallClock(at, s.timezone).replace('T', ' ')) : [],
      recipients:
        s.report === 'weekly'
          ? [...s.recipients.to, ...s.recipients.cc].join(', ')
          : Object.entries(s.recipients).map(([segment, r]) => `${segment}: ${[...(r?.to ?? []), ...(r?.cc ?? [])].join(', ')}`).join('; '),
    }));
    const user = request.user as { role?: string } | undefined;
    const view = { user, csrf: reply.generateCsrf(), path, schedules, invalid: error, notice, isAdmin: user?.role === 'admin' };
    return reply.type('text/html; charset=utf-8').send(deps.renderer.render('web/schedules', view));
  };

  app.get('/schedules', { preHandler: signedIn }, async (request, reply) => schedulesPage(request, reply));

  app.post<{ Params: { name: string } }>('/schedules/:name/run', { preHandler: [adminOnly, app.csrfProtection] }, async (request, reply) => {
    const { name } = request.params;
    const { config } = await deps.readSchedules();
    if (!SCHEDULE_NAME.test(name) || !config?.schedules.some((s) => s.name === name)) return reply.code(404).type('text/plain').send('Not found');
    const jobId = await deps.enqueueRun(name);
    return schedulesPage(request, reply, `A run of ${name} was queued (job ${jobId}); it appears under Runs when a worker has done it.`);
  });
}
