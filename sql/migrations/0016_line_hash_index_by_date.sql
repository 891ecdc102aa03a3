-- The index a later load finds held lines by: (invoice_date, line_hash) instead of 0006's (line_hash).
-- An equal line has the same date, so the lookup is as precise; but new lines, dated after the held ones,
-- now go to the index's last pages. With the hash alone each of a week's 25,000 new lines landed on a
-- random page of the whole index (every page of it, at 10× the real data: 220 MB), and inserting them took
-- 850 ms at 10× against 360 ms at 1×; by date first, 60–70 ms at either scale. The lines whose invoice is
-- held are the only ones looked up (sql/load/match_held_lines.sql); a first load's collapse of the file's
-- repeated lines reads the table once instead (sql/load/collapse_file_duplicates.sql).
DROP INDEX invoice_line_line_hash;
CREATE INDEX invoice_line_date_hash ON invoice_line (invoice_date, line_hash);
