-- Parameters: $1 text the score refresh's lock key (SCORE_REFRESH_LOCK). Whether a process holds it now:
-- a refresh is under way (withLock takes pg_try_advisory_lock(hashtextextended(key, 0)), which pg_locks
-- shows as the key's high and low 32 bits in classid and objid).
SELECT EXISTS (
  SELECT 1
  FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 1
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)
) AS running
