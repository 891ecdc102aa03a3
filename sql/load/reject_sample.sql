-- Parameters: $1 int how many. The first rejects this load keeps, in line order, for its summary.
SELECT line_number AS line, reason FROM incoming_reject ORDER BY line_number LIMIT $1
