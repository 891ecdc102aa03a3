-- Parameters: $1 text[] the source's keys, the preferred first (its schema-qualified name, and its database
-- when it is not the warehouse's; then the name as the config spelled it, the key of watermarks written
-- before they were qualified). The watermark of the first key that has one.
SELECT to_char(w.last_invoice_date, 'YYYY-MM-DD HH24:MI:SS') AS last_invoice_date
FROM unnest($1::text[]) WITH ORDINALITY AS k (source, preference)
JOIN load_source_watermark AS w USING (source)
ORDER BY k.preference
LIMIT 1
