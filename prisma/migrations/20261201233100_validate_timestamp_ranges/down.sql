-- Down of 20261201233100_validate_timestamp_ranges: PostgreSQL cannot mark a constraint not
-- validated again, so each check is dropped and re-added NOT VALID, as the previous migration left it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE publishing_publications
    DROP CONSTRAINT publishing_publications_scheduled_time_range,
    ADD CONSTRAINT publishing_publications_scheduled_time_range
        CHECK (scheduled_time >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND scheduled_time < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID,
    DROP CONSTRAINT publishing_publications_published_time_range,
    ADD CONSTRAINT publishing_publications_published_time_range
        CHECK (published_time >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND published_time < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID;

ALTER TABLE publishing_api_keys
    DROP CONSTRAINT publishing_api_keys_expires_at_range,
    ADD CONSTRAINT publishing_api_keys_expires_at_range
        CHECK (expires_at >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND expires_at < TIMESTAMPTZ '10000-01-01 00:00:00+00') NOT VALID;
