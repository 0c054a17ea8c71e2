-- Check timestamp ranges: publications.scheduled_time (set by clients), published_time and
-- api_keys.expires_at (derived, or set by operators) must lie in [1970-01-01, 10000-01-01) UTC,
-- the range the API accepts. A year-10000 scheduled_time (an offset pushing 9999-12-31 past the
-- year end) was stored, read back by the client library as an invalid date, and broke every list.
-- Rows already outside the range are repaired first, so that the next migration can validate:
--   the original value is archived in publishing_legacy_archive (reason 'check_timestamp_ranges: ...'),
--   which down.sql reads back; the value is clamped into the range; a publication still scheduled
--   is cancelled (status archived too) instead of being sent at an instant nobody chose.
-- The checks are added NOT VALID: a brief lock and no scan; rows written from now on are checked.
-- 20261201233100_validate_timestamp_ranges validates them without blocking reads or writes.

SET LOCAL lock_timeout = '5s';

CREATE FUNCTION pg_temp.outside_range(t timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t < TIMESTAMPTZ '1970-01-01 00:00:00+00' OR t >= TIMESTAMPTZ '10000-01-01 00:00:00+00'
$$;

CREATE FUNCTION pg_temp.into_range(t timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t < TIMESTAMPTZ '1970-01-01 00:00:00+00' THEN TIMESTAMPTZ '1970-01-01 00:00:00+00'
                WHEN t >= TIMESTAMPTZ '10000-01-01 00:00:00+00' THEN TIMESTAMPTZ '9999-12-31 23:59:59.999+00'
                ELSE t END
$$;

-- publishing_publications: archive, cancel what is still scheduled, clamp
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', p.id::text, c.column_name, c.value,
       'check_timestamp_ranges: ' || c.column_name || ' outside 1970..9999 UTC; clamped into the range'
FROM publishing_publications p
CROSS JOIN LATERAL (VALUES
    ('scheduled_time', to_jsonb(p.scheduled_time), pg_temp.outside_range(p.scheduled_time)),
    ('published_time', to_jsonb(p.published_time), pg_temp.outside_range(p.published_time))
) AS c(column_name, value, outside)
WHERE c.outside;

INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', p.id::text, 'status', to_jsonb(p.status::text),
       'check_timestamp_ranges: scheduled_time outside 1970..9999 UTC; cancelled rather than sent'
FROM publishing_publications p
WHERE p.status = 'scheduled' AND pg_temp.outside_range(p.scheduled_time);

UPDATE publishing_publications
SET status = 'cancelled'
WHERE status = 'scheduled' AND pg_temp.outside_range(scheduled_time);

UPDATE publishing_publications
SET scheduled_time = pg_temp.into_range(scheduled_time),
    published_time = pg_temp.into_range(published_time)
WHERE pg_temp.outside_range(scheduled_time) OR pg_temp.outside_range(published_time);

-- publishing_api_keys: archive, clamp (a key expiring after 9999 still does not expire)
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_api_keys', k.id::text, 'expires_at', to_jsonb(k.expires_at),
       'check_timestamp_ranges: expires_at outside 1970..9999 UTC; clamped into the range'
FROM publishing_api_keys k
WHERE pg_temp.outside_range(k.expires_at);

UPDATE publishing_api_keys
SET expires_at = pg_temp.into_range(expires_at)
WHERE pg_temp.outside_range(expires_at);

-- AddCheckConstraint (NOT VALID; validated by the next migration)
ALTER TABLE publishing_publications
    ADD CONSTRAINT publishing_publications_scheduled_time_range
        CHECK (scheduled_time >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND scheduled_time < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID,
    ADD CONSTRAINT publishing_publications_published_time_range
        CHECK (published_time >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND published_time < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID;

ALTER TABLE publishing_api_keys
    ADD CONSTRAINT publishing_api_keys_expires_at_range
        CHECK (expires_at >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND expires_at < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID;

DROP FUNCTION pg_temp.outside_range(timestamptz);
DROP FUNCTION pg_temp.into_range(timestamptz);
