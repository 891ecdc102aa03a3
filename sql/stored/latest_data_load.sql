-- Parameters: none. The latest load that added lines (NULL before any): what stored results are current against.
SELECT latest_data_load() AS load_id
