-- Parameters: none. Reserves the id of this load, so lines can carry it before load_run is written.
SELECT nextval(pg_get_serial_sequence('load_run', 'load_id'))::int AS load_id
