-- Parameters: $1 text a table name as written in SQL (quoted, optionally schema-qualified); $2 text one of
-- its columns. The table as schema.table, as the search path resolves it (the key of its watermark, so
-- that `retail` and `public.retail` are one source), and the column's type (null when it does not
-- exist). No row when the table does not exist.
SELECT format('%I.%I', n.nspname, c.relname) AS qualified_name,
       (SELECT format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute AS a
        WHERE a.attrelid = c.oid AND a.attname = $2 AND NOT a.attisdropped) AS date_type
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1)
