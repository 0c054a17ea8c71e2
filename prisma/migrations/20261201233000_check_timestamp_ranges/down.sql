-- Down of 20261201233000_check_timestamp_ranges: drops the three checks, then puts back the values
-- archived with reason 'check_timestamp_ranges: ...' (the out-of-range instants and the status of
-- publications it cancelled) and deletes those archive rows.
-- Run after the down.sql of 20261201233100_validate_timestamp_ranges.

ALTER TABLE publishing_publications
    DROP CONSTRAINT publishing_publications_scheduled_time_range,
    DROP CONSTRAINT publishing_publications_published_time_range;

ALTER TABLE publishing_api_keys
    DROP CONSTRAINT publishing_api_keys_expires_at_range;

UPDATE publishing_publications p
SET scheduled_time = (a.value #>> '{}')::timestamptz
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_publications' AND a.source_id = p.id::text
  AND a.column_name = 'scheduled_time' AND starts_with(a.reason, 'check_timestamp_ranges:');

UPDATE publishing_publications p
SET published_time = (a.value #>> '{}')::timestamptz
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_publications' AND a.source_id = p.id::text
  AND a.column_name = 'published_time' AND starts_with(a.reason, 'check_timestamp_ranges:');

UPDATE publishing_publications p
SET status = (a.value #>> '{}')::publication_status
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_publications' AND a.source_id = p.id::text
  AND a.column_name = 'status' AND starts_with(a.reason, 'check_timestamp_ranges:');

UPDATE publishing_api_keys k
SET expires_at = (a.value #>> '{}')::timestamptz
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_api_keys' AND a.source_id = k.id::text
  AND a.column_name = 'expires_at' AND starts_with(a.reason, 'check_timestamp_ranges:');

DELETE FROM publishing_legacy_archive WHERE starts_with(reason, 'check_timestamp_ranges:');
