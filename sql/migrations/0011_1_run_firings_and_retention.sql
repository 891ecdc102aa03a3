-- How often a run's period was fired (a scheduler occurrence, a manual "run now", `lgs run`) as apart from
-- retries of one firing: `attempts` counts both. Runs logged before this column count as fired once.
ALTER TABLE report_run ADD COLUMN firings integer NOT NULL DEFAULT 0;
UPDATE report_run SET firings = LEAST(attempts, 1);

-- When `lgs archive prune` removed the run's files (and their report_document rows) after the keep-period.
-- The run row itself stays: it says the period was done, so nothing re-runs or re-sends it.
ALTER TABLE report_run ADD COLUMN files_pruned_at timestamptz;
