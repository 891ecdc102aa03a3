-- Parameters: none. This installation's random id (made by migration 0005).
SELECT install_id FROM installation
