-- Script (no parameters): the lines this load rejected, staged so that those an earlier load rejected
-- already can be told apart before they are kept. Temporary: no WAL, dropped at commit.
CREATE TEMP TABLE incoming_reject (line_number integer NOT NULL, reason text NOT NULL, raw_record text NOT NULL) ON COMMIT DROP;
