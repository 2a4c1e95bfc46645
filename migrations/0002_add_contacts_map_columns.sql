-- Seed design: the current contacts map and the backend used for JSON artifacts.
ALTER TABLE jobs ADD COLUMN contacts_map_ref TEXT;
ALTER TABLE jobs ADD COLUMN jsons_mode TEXT; -- e.g., LOCAL, S3
