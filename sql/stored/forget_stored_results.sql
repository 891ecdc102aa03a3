-- Script (no parameters): run by `lgs db migrate` in the transaction of every migration it applies. Stored
-- results (RFM scorings, brief reads) were made by the functions and queries of the code before it, which
-- the migration may have changed; they are forgotten, and the next ingest or load refreshes them (no
-- refresh is recorded, so the scores count as behind the newest load). Until then readers compute live.
-- Nothing to forget before migration 0019 has made the last of these tables.
DO $$
BEGIN
  IF to_regclass('stored_read') IS NOT NULL THEN
    DELETE FROM rfm_scoring;
    DELETE FROM stored_read;
    DELETE FROM score_refresh;
  END IF;
END
$$;
