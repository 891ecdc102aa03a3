-- Script (no parameters): what a load changed besides adding lines, for the derived-table scripts.
CREATE TEMP TABLE load_delta (raised_copies integer NOT NULL) ON COMMIT DROP;
