import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockBusyError } from '../../src/errors.js';
import { ENGINES, freshPostgres, type TestDatabase } from '../support/databases.js';

/**
 * Named locks (Database.withLock) that every process of one deployment respects, and the question a job asks
 * before queueing work that would only wait on one (Database.isLocked).
 */
describe.each(Object.entries(ENGINES))('named locks (%s)', (_engine, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.dispose());

  it('are not held before anyone takes them', async () => {
    expect(await database.db.isLocked('lgs-test-lock')).toBe(false);
  });

  it('are held, as another connection sees, while their work runs', async () => {
    const seen = await database.db.withLock('lgs-test-lock', () => database.db.isLocked('lgs-test-lock'));
    expect(seen).toBe(true);
  });

  it('are held whatever their name hashes to (lgs-other-lock\'s 64-bit key is negative on PostgreSQL)', async () => {
    const seen = await database.db.withLock('lgs-other-lock', () => database.db.isLocked('lgs-other-lock'));
    expect(seen).toBe(true);
  });

  it('are free again once their work has ended, also when it failed', async () => {
    await database.db.withLock('lgs-test-lock', async () => {
      throw new Error('work failed');
    }).catch(() => undefined);
    expect(await database.db.isLocked('lgs-test-lock')).toBe(false);
  });

  it('are told apart by name', async () => {
    const seen = await database.db.withLock('lgs-test-lock', () => database.db.isLocked('lgs-other-lock'));
    expect(seen).toBe(false);
  });
});

describe('named locks on a PostgreSQL server', () => {
  it('belong to one database: a lock of the same name taken in another database on the server is not held here', async () => {
    const [here, there] = [await freshPostgres(), await freshPostgres()];
    try {
      const seen = await there.db.withLock('lgs-test-lock', () => here.db.isLocked('lgs-test-lock'));
      expect(seen).toBe(false);
    } finally {
      await Promise.all([here.dispose(), there.dispose()]);
    }
  });

  it('give up with LockBusyError when another process still holds them after the wait asked for, running nothing', async () => {
    const database = await freshPostgres();
    let letGo = () => undefined as void;
    const held = database.db.withLock('lgs-test-lock', () => new Promise<void>((resolve) => (letGo = resolve)));
    try {
      let ran = false;
      const waited = database.db.withLock('lgs-test-lock', async () => (ran = true), { waitMs: 300 });
      await expect(waited).rejects.toBeInstanceOf(LockBusyError);
      await expect(waited).rejects.toThrow('the lock lgs-test-lock is held by another process, still after 300 ms');
      expect(ran).toBe(false);
    } finally {
      letGo();
      await held;
      await database.dispose();
    }
  });
});
