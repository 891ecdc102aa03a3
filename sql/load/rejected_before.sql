-- Parameters: $1 text[] the records this load rejected, as read. Those an earlier load rejected already:
-- a re-export holds the bad lines of the exports before it, and a table source reads again from its
-- watermark, so a rejected row dated at or after it (or with no date) comes back on every run. As with
-- lines, the same record in a later source is the same record.
SELECT DISTINCT raw_record FROM load_reject WHERE raw_record = ANY ($1::text[])
