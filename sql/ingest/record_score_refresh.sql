-- Parameters: $1 int the newest load that added lines when the refresh began. Never moves back (two
-- refreshes may overlap).
INSERT INTO score_refresh AS r (load_id) VALUES ($1)
ON CONFLICT (singleton) DO UPDATE SET load_id = greatest(r.load_id, excluded.load_id), refreshed_at = now()
