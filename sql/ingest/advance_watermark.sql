-- Parameters: $1 text the source; $2 timestamp the latest invoice date this load read. Never moves back.
INSERT INTO load_source_watermark AS w (source, last_invoice_date)
VALUES ($1, $2::timestamp)
ON CONFLICT (source) DO UPDATE
SET last_invoice_date = greatest(w.last_invoice_date, excluded.last_invoice_date), updated_at = now()
