-- Validate timestamp ranges: checks every existing row against the checks that
-- 20261201233000_check_timestamp_ranges added NOT VALID (and whose rows it repaired). In its own
-- migration, so its own transaction: VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE, which lets
-- reads and writes of the tables continue during the scan.

ALTER TABLE publishing_publications VALIDATE CONSTRAINT publishing_publications_scheduled_time_range;
ALTER TABLE publishing_publications VALIDATE CONSTRAINT publishing_publications_published_time_range;
ALTER TABLE publishing_api_keys VALIDATE CONSTRAINT publishing_api_keys_expires_at_range;
