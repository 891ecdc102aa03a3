-- Parameters: $1 load id, $2 source file (or table), $3 layout, $4 lines read, $5 lines loaded, $6 lines
-- rejected, $7 duplicate copies in file, $8 new lines, $9 lines whose copy count rose, $10 the file's
-- sha256 (NULL for a table), $11 source kind ('file' or 'table').
INSERT INTO load_run
  (load_id, source_file, layout, lines_read, lines_loaded, lines_rejected, duplicate_copies_in_file, new_lines,
   lines_with_more_copies, file_sha256, source_kind)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
