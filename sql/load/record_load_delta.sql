-- Parameters: $1 int copies this load added to lines already held (read by sql/derived/05_warehouse_quality.sql).
INSERT INTO load_delta (raised_copies) VALUES ($1)
