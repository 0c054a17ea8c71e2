-- Down of 20261125120000_modernize_columns: back to the legacy baseline shape, data restored from
-- publishing_legacy_archive (rows whose reason starts with 'modernize_columns:').
-- Cannot restore:
--   - the exact text of JSON values (json → jsonb normalised whitespace and key order and kept only the
--     last of duplicate keys); values are equal as JSON, not as text;
--   - letter case of UUID strings (ids, user_id, content_ids, template_id come back lowercase);
--   - a channel_results key "template_id": null or "personalization_rules": {} (nothing was archived);
--   - analytics.channel_id / subscriber_id (no legacy column; dropped).
-- Run after the down.sql of add_relations.

-- Stray keys back into channel_results (archived original value first, else the column's value)
UPDATE publishing_publications p
SET channel_results = p.channel_results
    || CASE WHEN s.template_id IS NULL THEN '{}' ELSE jsonb_build_object('template_id', s.template_id) END
    || CASE WHEN s.rules IS NULL THEN '{}' ELSE jsonb_build_object('personalization_rules', s.rules) END
FROM (
    SELECT p2.id,
           coalesce(
               (SELECT a.value FROM publishing_legacy_archive a
                WHERE a.source_table = 'publishing_publications' AND a.source_id = p2.id::text
                  AND a.column_name = 'channel_results.template_id' AND starts_with(a.reason, 'modernize_columns:')),
               to_jsonb(p2.template_id)) AS template_id,
           coalesce(
               (SELECT a.value FROM publishing_legacy_archive a
                WHERE a.source_table = 'publishing_publications' AND a.source_id = p2.id::text
                  AND a.column_name = 'channel_results.personalization_rules' AND starts_with(a.reason, 'modernize_columns:')),
               nullif(p2.personalization_rules, '{}')) AS rules
    FROM publishing_publications p2
) AS s
WHERE s.id = p.id
  AND jsonb_typeof(p.channel_results) = 'object'
  AND (s.template_id IS NOT NULL OR s.rules IS NOT NULL);

-- AlterTable: publishing_publications
ALTER TABLE publishing_publications
    DROP COLUMN template_id,
    DROP COLUMN personalization_rules,
    ALTER COLUMN id DROP DEFAULT,
    ALTER COLUMN id TYPE varchar(36) USING id::text,
    ALTER COLUMN publication_type TYPE varchar(32) USING publication_type::text,
    ALTER COLUMN scheduled_time TYPE timestamp USING scheduled_time AT TIME ZONE 'UTC',
    ALTER COLUMN published_time TYPE timestamp USING published_time AT TIME ZONE 'UTC',
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE varchar(32) USING status::text,
    ALTER COLUMN status SET DEFAULT 'scheduled',
    ALTER COLUMN content_ids DROP DEFAULT,
    ALTER COLUMN content_ids TYPE json USING to_json(content_ids),
    ALTER COLUMN content_ids SET DEFAULT '[]',
    ALTER COLUMN channels DROP DEFAULT,
    ALTER COLUMN channels TYPE json USING channels::json,
    ALTER COLUMN channels SET DEFAULT '[]',
    ALTER COLUMN channel_results DROP DEFAULT,
    ALTER COLUMN channel_results TYPE json USING channel_results::json,
    ALTER COLUMN channel_results SET DEFAULT '{}',
    ALTER COLUMN engagement_metrics DROP DEFAULT,
    ALTER COLUMN engagement_metrics TYPE json USING engagement_metrics::json,
    ALTER COLUMN engagement_metrics SET DEFAULT '{}',
    ALTER COLUMN personalization_applied DROP DEFAULT,
    ALTER COLUMN personalization_applied TYPE json USING personalization_applied::json,
    ALTER COLUMN personalization_applied SET DEFAULT '{}',
    ALTER COLUMN created_at DROP DEFAULT,
    ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at DROP DEFAULT,
    ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC';

-- content_ids that held non-UUID entries: the archived original array
UPDATE publishing_publications p
SET content_ids = a.value::json
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_publications' AND a.source_id = p.id
  AND a.column_name = 'content_ids' AND starts_with(a.reason, 'modernize_columns:');

-- AlterTable: publishing_analytics
ALTER TABLE publishing_analytics
    DROP COLUMN channel_id,
    DROP COLUMN subscriber_id,
    ALTER COLUMN id DROP DEFAULT,
    ALTER COLUMN id TYPE varchar(36) USING id::text,
    ALTER COLUMN publication_id TYPE varchar(36) USING publication_id::text,
    ALTER COLUMN metric_type TYPE varchar(32) USING metric_type::text,
    ALTER COLUMN user_id TYPE varchar(36) USING user_id::text,
    ALTER COLUMN metadata_json DROP DEFAULT,
    ALTER COLUMN metadata_json TYPE json USING metadata_json::json,
    ALTER COLUMN metadata_json SET DEFAULT '{}',
    ALTER COLUMN recorded_at DROP DEFAULT,
    ALTER COLUMN recorded_at TYPE timestamp USING recorded_at AT TIME ZONE 'UTC';

-- analytics.user_id that was not a UUID
UPDATE publishing_analytics t
SET user_id = a.value #>> '{}'
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_analytics' AND a.source_id = t.id
  AND a.column_name = 'user_id' AND starts_with(a.reason, 'modernize_columns:');

-- analytics rows deleted because publication_id was not a UUID (archived in the legacy shape)
INSERT INTO publishing_analytics
SELECT (jsonb_populate_record(NULL::publishing_analytics, a.value)).*
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_analytics' AND a.column_name = '*'
  AND starts_with(a.reason, 'modernize_columns:');

-- AlterTable: publishing_subscribers
ALTER TABLE publishing_subscribers
    ALTER COLUMN id DROP DEFAULT,
    ALTER COLUMN id TYPE varchar(36) USING id::text,
    ALTER COLUMN user_id TYPE varchar(36) USING user_id::text,
    ALTER COLUMN email TYPE varchar(255) USING email::text,
    ALTER COLUMN preferred_channels DROP DEFAULT,
    ALTER COLUMN preferred_channels TYPE json USING preferred_channels::json,
    ALTER COLUMN preferred_channels SET DEFAULT '[]',
    ALTER COLUMN topic_interests DROP DEFAULT,
    ALTER COLUMN topic_interests TYPE json USING topic_interests::json,
    ALTER COLUMN topic_interests SET DEFAULT '{}',
    ALTER COLUMN frequency_settings DROP DEFAULT,
    ALTER COLUMN frequency_settings TYPE json USING frequency_settings::json,
    ALTER COLUMN frequency_settings SET DEFAULT '{}',
    ALTER COLUMN personalization_data DROP DEFAULT,
    ALTER COLUMN personalization_data TYPE json USING personalization_data::json,
    ALTER COLUMN personalization_data SET DEFAULT '{}',
    ALTER COLUMN subscription_status DROP DEFAULT,
    ALTER COLUMN subscription_status TYPE varchar(32) USING subscription_status::text,
    ALTER COLUMN subscription_status SET DEFAULT 'active',
    ALTER COLUMN created_at DROP DEFAULT,
    ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at DROP DEFAULT,
    ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC';
CREATE INDEX ix_publishing_subscribers_email ON publishing_subscribers (email);

-- subscribers.user_id that was not a UUID
UPDATE publishing_subscribers s
SET user_id = a.value #>> '{}'
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_subscribers' AND a.source_id = s.id
  AND a.column_name = 'user_id' AND starts_with(a.reason, 'modernize_columns:');

-- kept subscribers: preferred_channels as they were before the duplicates were merged in
UPDATE publishing_subscribers s
SET preferred_channels = a.value::json
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_subscribers' AND a.source_id = s.id
  AND a.column_name = 'preferred_channels' AND starts_with(a.reason, 'modernize_columns:');

-- subscribers deleted as case-insensitive email duplicates (archived in the legacy shape)
INSERT INTO publishing_subscribers
SELECT (jsonb_populate_record(NULL::publishing_subscribers, a.value)).*
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_subscribers' AND a.column_name = '*'
  AND starts_with(a.reason, 'modernize_columns:');

-- AlterTable: publishing_channels
ALTER TABLE publishing_channels
    ALTER COLUMN id DROP DEFAULT,
    ALTER COLUMN id TYPE varchar(36) USING id::text,
    ALTER COLUMN channel_type TYPE varchar(32) USING channel_type::text,
    ALTER COLUMN configuration DROP DEFAULT,
    ALTER COLUMN configuration TYPE json USING configuration::json,
    ALTER COLUMN configuration SET DEFAULT '{}',
    ALTER COLUMN created_at DROP DEFAULT,
    ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at DROP DEFAULT,
    ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC';

-- AlterTable: publishing_templates
ALTER TABLE publishing_templates
    ALTER COLUMN id DROP DEFAULT,
    ALTER COLUMN template_type TYPE varchar(32) USING template_type::text,
    ALTER COLUMN created_at DROP DEFAULT,
    ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at DROP DEFAULT,
    ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC';

-- DropTable / DropEnum
DROP TABLE publishing_legacy_archive;
DROP TYPE channel_type;
DROP TYPE subscription_status;
DROP TYPE publication_type;
DROP TYPE publication_status;
DROP TYPE template_type;
DROP TYPE analytics_metric;

-- citext goes too, unless something outside these tables uses it
DO $$
BEGIN
    DROP EXTENSION IF EXISTS citext;
EXCEPTION WHEN dependent_objects_still_exist THEN
    RAISE NOTICE 'citext kept: other objects depend on it';
END $$;
