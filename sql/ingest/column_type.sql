-- Parameters: $1 text a table name as written in SQL (quoted, optionally schema-qualified); $2 text one of
-- its columns. The column's type, when both exist (no row otherwise).
SELECT format_type(a.atttypid, a.atttypmod) AS type
FROM pg_attribute AS a
WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped
