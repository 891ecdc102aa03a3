-- Parameters: none. The database's clock when a run begins to hold the ingest lock: runs are recorded in
-- the order they held it (they are serialised by it; the worker machines' own clocks may disagree).
SELECT clock_timestamp() AS started_at
