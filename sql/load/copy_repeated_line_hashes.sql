-- Parameters: none; data arrives as text-format COPY rows, one line hash each.
COPY repeated_line_hash (line_hash) FROM STDIN
