-- Script (no parameters): run by `lgs db migrate` after it applies a migration. Stored results (RFM
-- scorings, brief reads) were made by the functions and queries of the code before it, which the migration
-- may have changed; they are forgotten, and the next ingest or load refreshes them (no refresh is recorded,
-- so the scores count as behind the newest load). Until then readers compute live.
DELETE FROM rfm_scoring;
DELETE FROM stored_read;
DELETE FROM score_refresh;
