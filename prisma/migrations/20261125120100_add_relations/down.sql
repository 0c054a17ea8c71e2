-- Down of 20261125120100_add_relations: back to the modernize_columns shape, data restored from the
-- join tables and from publishing_legacy_archive (rows whose reason starts with 'add_relations:').
-- Cannot restore:
--   - order and repeated entries of publications.channels / subscribers.preferred_channels: the
--     arrays are rebuilt sorted (jsonb order), each join row once, each archived entry once per archive row;
--   - publishing_subscriber_channels.status / created_at (no column for them): rows with status
--     'unsubscribed' are left out of preferred_channels, 'active' and 'paused' both come back as
--     plain entries.
-- publications and subscribers are rebuilt (not altered) so that the re-created JSON column sits in
-- its original position and the schema is exactly the one before this migration.
-- Run after the down.sql of add_deliveries_and_api_keys.

-- DropForeignKey / DropIndex (analytics, publications.template_id)
ALTER TABLE publishing_analytics
    DROP CONSTRAINT publishing_analytics_publication_id_fkey,
    DROP CONSTRAINT publishing_analytics_channel_id_fkey,
    DROP CONSTRAINT publishing_analytics_subscriber_id_fkey;
DROP INDEX publishing_analytics_channel_id_idx;
DROP INDEX publishing_analytics_subscriber_id_idx;

-- analytics rows deleted because their publication did not exist
INSERT INTO publishing_analytics
SELECT (jsonb_populate_record(NULL::publishing_analytics, a.value)).*
FROM publishing_legacy_archive a
WHERE a.source_table = 'publishing_analytics' AND a.column_name = '*'
  AND starts_with(a.reason, 'add_relations:');

-- publications: rebuild with "channels" = join rows + archived entries
ALTER TABLE publishing_publications RENAME TO publishing_publications_old;
ALTER INDEX publishing_publications_pkey RENAME TO publishing_publications_old_pkey;
DROP INDEX ix_publishing_publications_publication_type;
DROP INDEX ix_publishing_publications_scheduled_time;
DROP INDEX ix_publishing_publications_status;
DROP INDEX publishing_publications_template_id_idx;

CREATE TABLE publishing_publications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    publication_type publication_type NOT NULL,
    scheduled_time timestamptz(6) NOT NULL,
    published_time timestamptz(6),
    status publication_status DEFAULT 'scheduled' NOT NULL,
    content_ids uuid[] DEFAULT '{}' NOT NULL,
    channels jsonb DEFAULT '[]' NOT NULL,
    channel_results jsonb DEFAULT '{}' NOT NULL,
    engagement_metrics jsonb DEFAULT '{}' NOT NULL,
    personalization_applied jsonb DEFAULT '{}' NOT NULL,
    error_details text,
    created_at timestamptz(6) DEFAULT now() NOT NULL,
    updated_at timestamptz(6) DEFAULT now() NOT NULL,
    template_id uuid,
    personalization_rules jsonb DEFAULT '{}' NOT NULL,
    CONSTRAINT publishing_publications_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_publishing_publications_publication_type ON publishing_publications (publication_type);
CREATE INDEX ix_publishing_publications_scheduled_time ON publishing_publications (scheduled_time);
CREATE INDEX ix_publishing_publications_status ON publishing_publications (status);

INSERT INTO publishing_publications (
    id, publication_type, scheduled_time, published_time, status, content_ids, channels,
    channel_results, engagement_metrics, personalization_applied, error_details, created_at,
    updated_at, template_id, personalization_rules
)
SELECT p.id, p.publication_type, p.scheduled_time, p.published_time, p.status, p.content_ids,
       coalesce((
           SELECT jsonb_agg(x.item ORDER BY x.item)
           FROM (
               SELECT to_jsonb(pc.channel_id)
               FROM publishing_publication_channels pc
               WHERE pc.publication_id = p.id
               UNION ALL
               SELECT a.value
               FROM publishing_legacy_archive a
               WHERE a.source_table = 'publishing_publications' AND a.source_id = p.id::text
                 AND a.column_name = 'channels' AND starts_with(a.reason, 'add_relations:')
           ) AS x(item)
       ), '[]'),
       p.channel_results, p.engagement_metrics, p.personalization_applied, p.error_details,
       p.created_at, p.updated_at, p.template_id, p.personalization_rules
FROM publishing_publications_old p;

-- subscribers: rebuild with "preferred_channels" = join rows + channel types + archived entries
ALTER TABLE publishing_subscribers RENAME TO publishing_subscribers_old;
ALTER INDEX publishing_subscribers_pkey RENAME TO publishing_subscribers_old_pkey;
ALTER INDEX publishing_subscribers_email_key RENAME TO publishing_subscribers_old_email_key;
DROP INDEX ix_publishing_subscribers_subscription_status;

CREATE TABLE publishing_subscribers (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    email citext NOT NULL,
    preferred_channels jsonb DEFAULT '[]' NOT NULL,
    topic_interests jsonb DEFAULT '{}' NOT NULL,
    frequency_settings jsonb DEFAULT '{}' NOT NULL,
    personalization_data jsonb DEFAULT '{}' NOT NULL,
    subscription_status subscription_status DEFAULT 'active' NOT NULL,
    created_at timestamptz(6) DEFAULT now() NOT NULL,
    updated_at timestamptz(6) DEFAULT now() NOT NULL,
    CONSTRAINT publishing_subscribers_pkey PRIMARY KEY (id),
    CONSTRAINT publishing_subscribers_email_key UNIQUE (email)
);
CREATE INDEX ix_publishing_subscribers_subscription_status ON publishing_subscribers (subscription_status);

INSERT INTO publishing_subscribers (
    id, user_id, email, preferred_channels, topic_interests, frequency_settings,
    personalization_data, subscription_status, created_at, updated_at
)
SELECT s.id, s.user_id, s.email,
       coalesce((
           SELECT jsonb_agg(x.item ORDER BY x.item)
           FROM (
               SELECT to_jsonb(sc.channel_id)
               FROM publishing_subscriber_channels sc
               WHERE sc.subscriber_id = s.id AND sc.status <> 'unsubscribed'
               UNION ALL
               SELECT to_jsonb(t.type) FROM unnest(s.preferred_channel_types) AS t(type)
               UNION ALL
               SELECT a.value
               FROM publishing_legacy_archive a
               WHERE a.source_table = 'publishing_subscribers' AND a.source_id = s.id::text
                 AND a.column_name = 'preferred_channels' AND starts_with(a.reason, 'add_relations:')
           ) AS x(item)
       ), '[]'),
       s.topic_interests, s.frequency_settings, s.personalization_data, s.subscription_status,
       s.created_at, s.updated_at
FROM publishing_subscribers_old s;

-- DropTable (join tables first: they reference the old tables)
DROP TABLE publishing_publication_channels;
DROP TABLE publishing_subscriber_channels;
DROP TABLE publishing_publications_old;
DROP TABLE publishing_subscribers_old;

-- The archive rows consumed above
DELETE FROM publishing_legacy_archive WHERE starts_with(reason, 'add_relations:');
