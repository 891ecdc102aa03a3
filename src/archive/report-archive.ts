/**
 * Where finished report files are kept and found again, by a stable key built from the schedule, the
 * period and the file name. Behind an interface so object storage can replace the local folder.
 */
export interface ReportArchive {
  /** Stores `bytes` under `key`; a key is written once and never changes afterwards. */
  put(key: string, bytes: Buffer): Promise<void>;
  /**
   * The stored bytes, checked against `expectedSha256` (the hash recorded in the run log) or, without it,
   * the hash kept when the file was stored; a mismatch throws ArchiveIntegrityError.
   */
  get(key: string, expectedSha256?: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
}

/** `weekly-marketing/2011-11-28/weekly-report_2011-11-28.pdf`: readable, sortable, unique per run and file. */
export function archiveKey(schedule: string, period: string, fileName: string): string {
  for (const part of [schedule, period, fileName]) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(part)) throw new RangeError(`archive key part "${part}" may only hold letters, digits, dots, dashes and underscores`);
  }
  return `${schedule}/${period}/${fileName}`;
}
