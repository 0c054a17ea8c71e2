-- Add relations: join tables instead of JSON id lists, foreign keys and their indexes.
-- Values the new model cannot hold go to publishing_legacy_archive (reason 'add_relations: ...');
-- down.sql reads them back. Legacy data, one line per kind:
--   publications.channels: existing channel ids → publishing_publication_channels; each other entry (deleted/unknown id, non-UUID) archived on its own and dropped.
--   preferred_channels: existing channel ids → publishing_subscriber_channels (status 'active'); type names (exact, lowercase) → preferred_channel_types; every other entry archived on its own.
--   analytics.publication_id naming no existing publication: row archived whole and deleted, then the foreign key is added.
--   Order and repeats inside those JSON arrays are not kept: a join table is a set.
-- Runs as one transaction (the file is sent as one simple query), so no BEGIN/COMMIT here.

CREATE OR REPLACE FUNCTION pg_temp.try_uuid(v text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN v::uuid END
$$;

-- CreateTable
CREATE TABLE publishing_publication_channels (
    publication_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    CONSTRAINT publishing_publication_channels_pkey PRIMARY KEY (publication_id, channel_id)
);

-- publications.channels → publishing_publication_channels
INSERT INTO publishing_publication_channels (publication_id, channel_id)
SELECT DISTINCT p.id, c.id
FROM publishing_publications p
CROSS JOIN LATERAL jsonb_array_elements(p.channels) AS e(item)
JOIN publishing_channels c
  ON jsonb_typeof(e.item) = 'string' AND c.id = pg_temp.try_uuid(e.item #>> '{}');

INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_publications', p.id::text, 'channels', e.item,
       'add_relations: channels entry is not the id of an existing channel; dropped'
FROM publishing_publications p
CROSS JOIN LATERAL jsonb_array_elements(p.channels) AS e(item)
WHERE NOT EXISTS (
    SELECT FROM publishing_channels c
    WHERE jsonb_typeof(e.item) = 'string' AND c.id = pg_temp.try_uuid(e.item #>> '{}')
);

ALTER TABLE publishing_publications DROP COLUMN channels;

-- CreateTable
CREATE TABLE publishing_subscriber_channels (
    subscriber_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    status subscription_status NOT NULL DEFAULT 'active',
    created_at timestamptz(6) NOT NULL DEFAULT now(),
    CONSTRAINT publishing_subscriber_channels_pkey PRIMARY KEY (subscriber_id, channel_id)
);

ALTER TABLE publishing_subscribers
    ADD COLUMN preferred_channel_types channel_type[] NOT NULL DEFAULT '{}';

-- subscribers.preferred_channels → publishing_subscriber_channels / preferred_channel_types
INSERT INTO publishing_subscriber_channels (subscriber_id, channel_id)
SELECT DISTINCT s.id, c.id
FROM publishing_subscribers s
CROSS JOIN LATERAL jsonb_array_elements(s.preferred_channels) AS e(item)
JOIN publishing_channels c
  ON jsonb_typeof(e.item) = 'string' AND c.id = pg_temp.try_uuid(e.item #>> '{}');

UPDATE publishing_subscribers s
SET preferred_channel_types = t.types
FROM (
    SELECT s2.id, array_agg(DISTINCT (e.item #>> '{}')::channel_type) AS types
    FROM publishing_subscribers s2
    CROSS JOIN LATERAL jsonb_array_elements(s2.preferred_channels) AS e(item)
    WHERE jsonb_typeof(e.item) = 'string'
      AND e.item #>> '{}' IN (SELECT unnest(enum_range(NULL::channel_type))::text)
    GROUP BY s2.id
) AS t
WHERE t.id = s.id;

INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_subscribers', s.id::text, 'preferred_channels', e.item,
       'add_relations: preferred_channels entry is neither the id of an existing channel nor a channel type; dropped'
FROM publishing_subscribers s
CROSS JOIN LATERAL jsonb_array_elements(s.preferred_channels) AS e(item)
WHERE NOT (
    jsonb_typeof(e.item) = 'string'
    AND (
        e.item #>> '{}' IN (SELECT unnest(enum_range(NULL::channel_type))::text)
        OR EXISTS (SELECT FROM publishing_channels c WHERE c.id = pg_temp.try_uuid(e.item #>> '{}'))
    )
);

ALTER TABLE publishing_subscribers DROP COLUMN preferred_channels;

-- Analytics rows whose publication does not exist: archive whole, delete
INSERT INTO publishing_legacy_archive (source_table, source_id, column_name, value, reason)
SELECT 'publishing_analytics', a.id::text, '*', to_jsonb(a),
       'add_relations: publication_id names no existing publication; row deleted'
FROM publishing_analytics a
WHERE NOT EXISTS (SELECT FROM publishing_publications p WHERE p.id = a.publication_id);

DELETE FROM publishing_analytics a
WHERE NOT EXISTS (SELECT FROM publishing_publications p WHERE p.id = a.publication_id);

-- CreateIndex (foreign key columns not covered by a primary key prefix)
CREATE INDEX publishing_publication_channels_channel_id_idx ON publishing_publication_channels (channel_id);
CREATE INDEX publishing_subscriber_channels_channel_id_idx ON publishing_subscriber_channels (channel_id);
CREATE INDEX publishing_publications_template_id_idx ON publishing_publications (template_id);
CREATE INDEX publishing_analytics_channel_id_idx ON publishing_analytics (channel_id);
CREATE INDEX publishing_analytics_subscriber_id_idx ON publishing_analytics (subscriber_id);

-- AddForeignKey
ALTER TABLE publishing_publication_channels
    ADD CONSTRAINT publishing_publication_channels_publication_id_fkey FOREIGN KEY (publication_id)
        REFERENCES publishing_publications (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_publication_channels_channel_id_fkey FOREIGN KEY (channel_id)
        REFERENCES publishing_channels (id) ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE publishing_subscriber_channels
    ADD CONSTRAINT publishing_subscriber_channels_subscriber_id_fkey FOREIGN KEY (subscriber_id)
        REFERENCES publishing_subscribers (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_subscriber_channels_channel_id_fkey FOREIGN KEY (channel_id)
        REFERENCES publishing_channels (id) ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE publishing_publications
    ADD CONSTRAINT publishing_publications_template_id_fkey FOREIGN KEY (template_id)
        REFERENCES publishing_templates (id) ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE publishing_analytics
    ADD CONSTRAINT publishing_analytics_publication_id_fkey FOREIGN KEY (publication_id)
        REFERENCES publishing_publications (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_analytics_channel_id_fkey FOREIGN KEY (channel_id)
        REFERENCES publishing_channels (id) ON DELETE SET NULL ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_analytics_subscriber_id_fkey FOREIGN KEY (subscriber_id)
        REFERENCES publishing_subscribers (id) ON DELETE SET NULL ON UPDATE CASCADE;

DROP FUNCTION pg_temp.try_uuid(text);
