-- Parameters: $1 text[] archive keys. Those the run log holds a row for.
SELECT archive_key FROM report_document WHERE archive_key = ANY ($1::text[])
