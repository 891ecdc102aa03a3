-- The newest load whose lines the stored scores (RFM scorings, lapse predictions, recommendations) have
-- seen, written when refreshScores (src/ingest/refresh-scores.ts) finishes. The refresh runs after the load
-- commits; a process killed between the two left the scores behind the data, and the next load adding
-- nothing new (the same file found "already loaded") never refreshed them. Ingest and `lgs load` now
-- refresh whenever a load with new lines is newer than this mark. One row at most.
CREATE TABLE score_refresh (
  singleton     boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  load_id       integer     NOT NULL,
  refreshed_at  timestamptz NOT NULL DEFAULT now()
);
