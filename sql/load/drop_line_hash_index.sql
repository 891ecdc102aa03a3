-- Script (no parameters): a first load (warehouse empty) drops the line-hash index before its COPY and
-- builds it again after (build_line_hash_index.sql): built from the sorted keys it is written once, in
-- order, where a COPY inserting ten million keys one by one (0006's index on the hash alone touched pages
-- all over an index larger than the server's shared buffers) took twice as long. The load's transaction holds the table exclusively until it
-- commits; the warehouse is empty, so readers have nothing to wait for but that commit.
DROP INDEX invoice_line_date_hash;
