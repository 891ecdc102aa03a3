-- Parameters: $1 text[] the records this load rejected, as read. How many copies of each an earlier load
-- rejected already: a re-export holds the bad lines of the exports before it, and a table source reads
-- again from its watermark, so a rejected row dated at or after it (or with no date) comes back on every
-- run. As with lines, the same record in a later source is the same record, and the rejects stand at the
-- most copies any one source held.
SELECT raw_record, count(*)::int AS copies FROM load_reject WHERE raw_record = ANY ($1::text[]) GROUP BY raw_record
