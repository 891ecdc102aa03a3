-- Parameters: none. Forgets the reads stored before the latest load that added lines: nothing reads them
-- again (sql/stored/stored_read.sql reads current ones only).
DELETE FROM stored_read WHERE load_id IS DISTINCT FROM latest_data_load()
