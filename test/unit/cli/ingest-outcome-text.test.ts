import { describe, expect, it } from 'vitest';
import { ingestOutcomeText } from '../../../src/cli/ingest-outcome-text.js';

describe('what lgs ingest prints', () => {
  it('names each file of the folder with what became of it', () => {
    const text = ingestOutcomeText({
      source: 'folder',
      folder: '/var/lib/lgs/inbox',
      loaded: [{ file: 'a.csv', loadId: 4, newLines: 25246, alreadyLoaded: false }, { file: 'b.csv', loadId: 2, newLines: 0, alreadyLoaded: true }],
      rejected: [{ file: 'c.csv', reason: 'line 1: unknown CSV header "order_id,sku,qty"' }],
      waiting: ['d.csv'],
      unreadable: [{ file: 'e.csv', reason: 'EACCES: permission denied' }],
      unmovable: [{ file: 'f.csv', loadId: 5, newLines: 12, reason: "loaded as load 5, but could not be moved to /var/lib/lgs/inbox/loaded: ENOSPC: no space left on device, write" }],
    });
    expect(text).toBe([
      'folder /var/lib/lgs/inbox:',
      '  a.csv: load 4, 25246 new distinct lines; moved to loaded/',
      '  b.csv: already loaded byte for byte; moved to loaded/',
      '  c.csv: rejected, moved to rejected/ (the reason beside it): line 1: unknown CSV header "order_id,sku,qty"',
      '  d.csv: still being written, left for the next run',
      '  e.csv: left in place, this process may not read it: EACCES: permission denied',
      '  f.csv: left in place, loaded as load 5, but could not be moved to /var/lib/lgs/inbox/loaded: ENOSPC: no space left on device, write',
    ].join('\n'));
  });

  it('says when the folder held no new file', () => {
    expect(ingestOutcomeText({ source: 'folder', folder: '/in', loaded: [], rejected: [], waiting: [], unreadable: [], unmovable: [] })).toBe('folder /in:\n  no new file');
  });

  it('gives a table\'s rows read, new and rejected', () => {
    expect(ingestOutcomeText({ source: 'table', table: 'etl.retail', newLines: 2, linesRead: 3, linesRejected: 1 })).toBe(
      'table etl.retail: 3 rows read, 2 new distinct lines, 1 rejected (lgs quality)',
    );
  });
});
