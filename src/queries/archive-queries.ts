import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { runQuery } from './run-query.js';

/** Typed queries of archive retention (sql/archive). */
const count = z.number().int();

const candidateRow = z.object({ run_id: count, schedule: z.string(), period: z.string(), status: z.string(), files: count, bytes: z.coerce.number() });
export type PruneCandidate = z.infer<typeof candidateRow>;
export const pruneCandidates = (db: Queryable, cutoff: Date) => runQuery(db, 'archive/prune_candidates', [cutoff.toISOString()], candidateRow);

export const lockRunFiles = (db: Queryable, runId: number) =>
  runQuery(db, 'archive/lock_run_files', [runId], z.object({ position: count, archive_key: z.string() }));

export const markRunPruned = async (db: Queryable, runId: number) => {
  await runQuery(db, 'archive/mark_run_pruned', [runId], z.unknown());
};

export const prunedRuns = async (db: Queryable, runIds: readonly number[]) =>
  new Set((await runQuery(db, 'archive/pruned_runs', [runIds], z.object({ run_id: count }))).map((row) => row.run_id));

export const recordedKeys = async (db: Queryable, keys: readonly string[]) =>
  new Set((await runQuery(db, 'archive/recorded_keys', [keys], z.object({ archive_key: z.string() }))).map((row) => row.archive_key));
