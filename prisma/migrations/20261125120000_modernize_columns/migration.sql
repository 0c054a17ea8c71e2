-- Modernize columns: native uuid ids, enums, timestamptz(6), jsonb, citext emails.
-- Values the new model cannot hold go to publishing_legacy_archive (reason 'modernize_columns: ...'),
-- which this migration creates and down.sql reads back. Legacy data, one line per kind:
--   Emails equal case-insensitively: oldest row (created_at, then id) kept, others' preferred_channels merged into it (old value archived), others archived whole and deleted.
--   Naive timestamps: UTC by convention, converted with AT TIME ZONE 'UTC'.
--   user_id not a UUID (subscribers, analytics): set to NULL, original string archived.
--   analytics.publication_id not a UUID: row archived whole and deleted (well-formed orphans: add_relations).
--   content_ids: empty array becomes '{}'; entries that are not UUID strings dropped, original array archived.
--   channel_results' stray template_id / personalization_rules: moved to the new columns and removed; a template_id that is not an existing template's id → NULL and a non-object personalization_rules → '{}', values archived.
--   preferred_channels / publications.channels (ids, type names, dangling ids): only converted to jsonb here; add_relations splits them.
--   Anything else unconvertible (primary key not a UUID, value outside an enum, non-array JSON list): the migration fails listing the rows, nothing is changed.
-- Runs as one transaction (the file is sent as one simple query), so no BEGIN/COMMIT here.

CREATE EXTENSION IF NOT EXISTS citext;

-- Helpers for this session only (pg_temp), dropped at the end.
CREATE OR REPLACE FUNCTION pg_temp.try_uuid(v text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN v::uuid END
$$;

-- The valid UUID strings of a JSON array, in order.
CREATE OR REPLACE FUNCTION pg_temp.uuid_array(v jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(u ORDER BY ord), '{}')
    FROM jsonb_array_elements(v) WITH ORDINALITY AS e(item, ord)
    CROSS JOIN LATERAL (
        SELECT CASE WHEN jsonb_typeof(item) = 'string' THEN pg_temp.try_uuid(item #>> '{}') END
    ) AS c(u)
    WHERE u IS NOT NULL
$$;

-- CreateEnum
CREATE TYPE channel_type AS ENUM ('email', 'slack', 'discord', 'webhook', 'rss');
CREATE TYPE subscription_status AS ENUM ('active', 'paused', 'unsubscribed');
CREATE TYPE publication_type AS ENUM ('newsletter', 'alert', 'digest', 'manual');
CREATE TYPE publication_status AS ENUM ('scheduled', 'processing', 'completed', 'failed', 'cancelled');
CREATE TYPE template_type AS ENUM ('email', 'slack', 'discord', 'webhook');
CREATE TYPE analytics_metric AS ENUM ('open', 'click', 'unsubscribe', 'bounce', 'complaint');

-- Preflight: refuse data that cannot be converted without guessing.
DO $$
DECLARE
    problems text;
BEGIN
    SELECT string_agg(problem, E'\n') INTO problems FROM (
        SELECT format('publishing_channels %L: id is not a UUID', id) FROM publishing_channels WHERE pg_temp.try_uuid(id) IS NULL
        UNION ALL SELECT format('publishing_subscribers %L: id is not a UUID', id) FROM publishing_subscribers WHERE pg_temp.try_uuid(id) IS NULL
        UNION ALL SELECT format('publishing_publications %L: id is not a UUID', id) FROM publishing_publications WHERE pg_temp.try_uuid(id) IS NULL
        UNION ALL SELECT format('publishing_analytics %L: id is not a UUID', id) FROM publishing_analytics WHERE pg_temp.try_uuid(id) IS NULL
        UNION ALL SELECT format('publishing_channels %L: channel_type %L', id, channel_type) FROM publishing_channels
            WHERE channel_type NOT IN (SELECT unnest(enum_range(NULL::channel_type))::text)
        UNION ALL SELECT format('publishing_subscribers %L: subscription_status %L', id, subscription_status) FROM publishing_subscribers
            WHERE subscription_status NOT IN (SELECT unnest(enum_range(NULL::subscription_status))::text)
        UNION ALL SELECT format('publishing_publications %L: publication_type %L', id, publication_type) FROM publishing_publications
            WHERE publication_type NOT IN (SELECT unnest(enum_range(NULL::publication_type))::text)
        UNION ALL SELECT format('publishing_publications %L: status %L', id, status) FROM publishing_publications
            WHERE status NOT IN (SELECT unnest(enum_range(NULL::publication_status))::text)
        UNION ALL SELECT format('publishing_templates %L: template_type %L', id, template_type) FROM publishing_templates
            WHERE template_type NOT IN (SELECT unnest(enum_range(NULL::template_type))::text)
        UNION ALL SELECT format('publishing_analytics %L: metric_type %L', id, metric_type) FROM publishing_analytics
            WHERE metric_type NOT IN (SELECT unnest(enum_range(NULL::analytics_metric))::text)
        UNION ALL SELECT format('publishing_subscribers %L: preferred_channels is not a JSON array', id) FROM publishing_subscribers
            WHERE json_typeof(preferred_channels) <> 'array'
        UNION ALL SELECT format('publishing_publications %L: content_ids is not a JSON array', id) FROM publishing_publications
            WHERE json_typeof(content_ids) <> 'array'
        UNION ALL SELECT format('publishing_publications %L: channels is not a JSON array', id) FROM publishing_publications
            WHERE json_typeof(channels) <> 'array'
        LIMIT 100
    ) AS p(problem);
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION E'modernize_columns: legacy data that cannot be converted (fix it, then retry):\n%', problems;
    END IF;
END $$;

-- CreateTable: where values the new model cannot hold are kept
CREATE TABLE publishing_legacy_archive (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    source_table varchar(64) NOT NULL,
    source_id varchar(64) NOT NULL,
    column_name varchar(64) NOT NULL,
    value jsonb NOT NULL,
    reason varchar(200) NOT NULL,
    archived_at timestamptz(6) DEFAULT now() NOT NULL,
    CONSTRAINT publishing_legacy_archive_pkey PRIMARY KEY (id)
);
CREATE INDEX publishing_legacy_archive_source_table_source_id_idx
    ON publishing_legacy_archive (source_table, source_id);

-- Subscribers with case-insensitively equal emails (still in the legacy shape here)
CREATE TEMP TABLE subscriber_duplicates AS
SELECT id, kept_id, rank
FROM (
    SELECT id,
           first_value(id) OVER w AS kept_id,
           row_number() OVER w AS rank,
           count(*) OVER (PARTITION BY lower(email)) AS group_size
    FROM publishing_subscribers
    WINDOW w AS (PARTITION BY lower(email) ORDER BY created_at, id)
) AS ranked
WHERE group_size > 1;

-- ... the kept row's preferred_channels before the merge
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_subscribers', s.id, 'preferred_channels', s.preferred_channels::jsonb,
       'modernize_columns: value before the preferred_channels of its email duplicates were merged in'
FROM publishing_subscribers s
JOIN subscriber_duplicates d ON d.id = s.id AND d.rank = 1;

-- ... merge: kept row's entries first, then each duplicate's in (created_at, id) order, first occurrence wins
UPDATE publishing_subscribers s
SET preferred_channels = m.merged
FROM (
    SELECT kept_id, json_agg(item ORDER BY rank, ord) AS merged
    FROM (
        SELECT DISTINCT ON (d.kept_id, e.item::jsonb) d.kept_id, e.item, d.rank, e.ord
        FROM subscriber_duplicates d
        JOIN publishing_subscribers s ON s.id = d.id
        CROSS JOIN LATERAL json_array_elements(s.preferred_channels) WITH ORDINALITY AS e(item, ord)
        ORDER BY d.kept_id, e.item::jsonb, d.rank, e.ord
    ) AS first_occurrences
    GROUP BY kept_id
) AS m
WHERE s.id = m.kept_id;

-- ... archive the other rows whole, then delete them
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_subscribers', s.id, '*', to_jsonb(s),
       format('modernize_columns: email equals that of subscriber %s case-insensitively; row deleted', d.kept_id)
FROM publishing_subscribers s
JOIN subscriber_duplicates d ON d.id = s.id AND d.rank > 1;

DELETE FROM publishing_subscribers s
USING subscriber_duplicates d
WHERE d.id = s.id AND d.rank > 1;

DROP TABLE subscriber_duplicates;

-- Analytics rows whose publication_id is not a UUID: archive whole, delete
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_analytics', a.id, '*', to_jsonb(a),
       'modernize_columns: publication_id is not a UUID, so no publication can match; row deleted'
FROM publishing_analytics a
WHERE pg_temp.try_uuid(a.publication_id) IS NULL;

DELETE FROM publishing_analytics WHERE pg_temp.try_uuid(publication_id) IS NULL;

-- user_id values that are not UUIDs (set to NULL by the conversion below)
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_subscribers', id, 'user_id', to_jsonb(user_id),
       'modernize_columns: user_id is not a UUID; set to NULL'
FROM publishing_subscribers
WHERE user_id IS NOT NULL AND pg_temp.try_uuid(user_id) IS NULL;

INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_analytics', id, 'user_id', to_jsonb(user_id),
       'modernize_columns: user_id is not a UUID; set to NULL'
FROM publishing_analytics
WHERE user_id IS NOT NULL AND pg_temp.try_uuid(user_id) IS NULL;

-- content_ids with entries that are not UUID strings (dropped by the conversion below)
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', id, 'content_ids', content_ids::jsonb,
       'modernize_columns: content_ids held entries that are not UUIDs; they were dropped'
FROM publishing_publications
WHERE cardinality(pg_temp.uuid_array(content_ids::jsonb)) <> json_array_length(content_ids);

-- AlterTable: publishing_channels
ALTER TABLE publishing_channels
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN channel_type TYPE channel_type USING channel_type::channel_type,
    ALTER COLUMN configuration DROP DEFAULT,
    ALTER COLUMN configuration TYPE jsonb USING configuration::jsonb,
    ALTER COLUMN configuration SET DEFAULT '{}',
    ALTER COLUMN created_at TYPE timestamptz(6) USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at TYPE timestamptz(6) USING updated_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at SET DEFAULT now();

-- AlterTable: publishing_subscribers (the unique constraint on email becomes case-insensitive)
DROP INDEX ix_publishing_subscribers_email;
ALTER TABLE publishing_subscribers
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN user_id TYPE uuid USING pg_temp.try_uuid(user_id),
    ALTER COLUMN email TYPE citext USING email::citext,
    ALTER COLUMN preferred_channels DROP DEFAULT,
    ALTER COLUMN preferred_channels TYPE jsonb USING preferred_channels::jsonb,
    ALTER COLUMN preferred_channels SET DEFAULT '[]',
    ALTER COLUMN topic_interests DROP DEFAULT,
    ALTER COLUMN topic_interests TYPE jsonb USING topic_interests::jsonb,
    ALTER COLUMN topic_interests SET DEFAULT '{}',
    ALTER COLUMN frequency_settings DROP DEFAULT,
    ALTER COLUMN frequency_settings TYPE jsonb USING frequency_settings::jsonb,
    ALTER COLUMN frequency_settings SET DEFAULT '{}',
    ALTER COLUMN personalization_data DROP DEFAULT,
    ALTER COLUMN personalization_data TYPE jsonb USING personalization_data::jsonb,
    ALTER COLUMN personalization_data SET DEFAULT '{}',
    ALTER COLUMN subscription_status DROP DEFAULT,
    ALTER COLUMN subscription_status TYPE subscription_status USING subscription_status::subscription_status,
    ALTER COLUMN subscription_status SET DEFAULT 'active',
    ALTER COLUMN created_at TYPE timestamptz(6) USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at TYPE timestamptz(6) USING updated_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at SET DEFAULT now();

-- AlterTable: publishing_publications
ALTER TABLE publishing_publications
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN publication_type TYPE publication_type USING publication_type::publication_type,
    ALTER COLUMN scheduled_time TYPE timestamptz(6) USING scheduled_time AT TIME ZONE 'UTC',
    ALTER COLUMN published_time TYPE timestamptz(6) USING published_time AT TIME ZONE 'UTC',
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE publication_status USING status::publication_status,
    ALTER COLUMN status SET DEFAULT 'scheduled',
    ALTER COLUMN content_ids DROP DEFAULT,
    ALTER COLUMN content_ids TYPE uuid[] USING pg_temp.uuid_array(content_ids::jsonb),
    ALTER COLUMN content_ids SET DEFAULT '{}',
    ALTER COLUMN channels DROP DEFAULT,
    ALTER COLUMN channels TYPE jsonb USING channels::jsonb,
    ALTER COLUMN channels SET DEFAULT '[]',
    ALTER COLUMN channel_results DROP DEFAULT,
    ALTER COLUMN channel_results TYPE jsonb USING channel_results::jsonb,
    ALTER COLUMN channel_results SET DEFAULT '{}',
    ALTER COLUMN engagement_metrics DROP DEFAULT,
    ALTER COLUMN engagement_metrics TYPE jsonb USING engagement_metrics::jsonb,
    ALTER COLUMN engagement_metrics SET DEFAULT '{}',
    ALTER COLUMN personalization_applied DROP DEFAULT,
    ALTER COLUMN personalization_applied TYPE jsonb USING personalization_applied::jsonb,
    ALTER COLUMN personalization_applied SET DEFAULT '{}',
    ALTER COLUMN created_at TYPE timestamptz(6) USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at TYPE timestamptz(6) USING updated_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at SET DEFAULT now(),
    ADD COLUMN template_id uuid,
    ADD COLUMN personalization_rules jsonb NOT NULL DEFAULT '{}';

-- AlterTable: publishing_templates (id is already a native uuid)
ALTER TABLE publishing_templates
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN template_type TYPE template_type USING template_type::template_type,
    ALTER COLUMN created_at TYPE timestamptz(6) USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at TYPE timestamptz(6) USING updated_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at SET DEFAULT now();

-- AlterTable: publishing_analytics (channel_type stays varchar(32); channel_id/subscriber_id get FKs in add_relations)
ALTER TABLE publishing_analytics
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN publication_id TYPE uuid USING publication_id::uuid,
    ALTER COLUMN metric_type TYPE analytics_metric USING metric_type::analytics_metric,
    ALTER COLUMN user_id TYPE uuid USING pg_temp.try_uuid(user_id),
    ALTER COLUMN metadata_json DROP DEFAULT,
    ALTER COLUMN metadata_json TYPE jsonb USING metadata_json::jsonb,
    ALTER COLUMN metadata_json SET DEFAULT '{}',
    ALTER COLUMN recorded_at TYPE timestamptz(6) USING recorded_at AT TIME ZONE 'UTC',
    ALTER COLUMN recorded_at SET DEFAULT now(),
    ADD COLUMN channel_id uuid,
    ADD COLUMN subscriber_id uuid;

-- Stray channel_results keys → publications.template_id / personalization_rules
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', p.id::text, 'channel_results.template_id', p.channel_results -> 'template_id',
       'modernize_columns: channel_results.template_id is not the id of an existing template; template_id set to NULL'
FROM publishing_publications p
WHERE jsonb_typeof(p.channel_results) = 'object'
  AND p.channel_results ? 'template_id'
  AND p.channel_results -> 'template_id' <> 'null'
  AND NOT EXISTS (
      SELECT FROM publishing_templates t
      WHERE jsonb_typeof(p.channel_results -> 'template_id') = 'string'
        AND t.id = pg_temp.try_uuid(p.channel_results ->> 'template_id')
  );

INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', id::text, 'channel_results.personalization_rules', channel_results -> 'personalization_rules',
       'modernize_columns: channel_results.personalization_rules is not a JSON object; personalization_rules set to {}'
FROM publishing_publications
WHERE jsonb_typeof(channel_results) = 'object'
  AND channel_results ? 'personalization_rules'
  AND jsonb_typeof(channel_results -> 'personalization_rules') <> 'object';

UPDATE publishing_publications p
SET template_id = (
        SELECT t.id FROM publishing_templates t
        WHERE jsonb_typeof(p.channel_results -> 'template_id') = 'string'
          AND t.id = pg_temp.try_uuid(p.channel_results ->> 'template_id')
    ),
    personalization_rules = CASE
        WHEN jsonb_typeof(p.channel_results -> 'personalization_rules') = 'object'
        THEN p.channel_results -> 'personalization_rules'
        ELSE '{}'
    END,
    channel_results = p.channel_results - 'template_id' - 'personalization_rules'
WHERE jsonb_typeof(p.channel_results) = 'object'
  AND (p.channel_results ? 'template_id' OR p.channel_results ? 'personalization_rules');

DROP FUNCTION pg_temp.uuid_array(jsonb);
DROP FUNCTION pg_temp.try_uuid(text);
