-- Script (no parameters): the line hashes that occur more than once in this load's source, as Node found
-- them while it read (hash-counter.ts), COPYed in a bucket at a time so no list of them is held in memory.
-- Temporary: no WAL, dropped at commit.
CREATE TEMP TABLE repeated_line_hash (line_hash int NOT NULL) ON COMMIT DROP;
