-- Parameters: none; data arrives as text-format COPY rows (line number, reason, record as read).
COPY incoming_reject (line_number, reason, raw_record) FROM STDIN
