-- Add deliveries and API keys: new tables only, no legacy data involved.
-- publishing_deliveries is the per-recipient outbox (one row per publication × subscriber × channel),
-- claimed by workers through claimed_by / claim_expires_at and retried via next_attempt_at.
-- publishing_api_keys stores only a lookup prefix and a hash of each key, never the key itself.

-- CreateEnum
CREATE TYPE delivery_status AS ENUM ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled');

-- CreateTable
CREATE TABLE publishing_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    publication_id uuid NOT NULL,
    subscriber_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    status delivery_status DEFAULT 'pending' NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamptz(6) DEFAULT now() NOT NULL,
    claimed_by varchar(100),
    claim_expires_at timestamptz(6),
    last_error text,
    failure_reason varchar(64),
    provider_message_id varchar(255),
    sent_at timestamptz(6),
    created_at timestamptz(6) DEFAULT now() NOT NULL,
    updated_at timestamptz(6) DEFAULT now() NOT NULL,
    CONSTRAINT publishing_deliveries_pkey PRIMARY KEY (id)
);

-- CreateTable
CREATE TABLE publishing_api_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name varchar(100) NOT NULL,
    key_prefix varchar(16) NOT NULL,
    key_hash varchar(128) NOT NULL,
    created_at timestamptz(6) DEFAULT now() NOT NULL,
    last_used_at timestamptz(6),
    expires_at timestamptz(6),
    revoked_at timestamptz(6),
    CONSTRAINT publishing_api_keys_pkey PRIMARY KEY (id)
);

-- CreateIndex
-- (Prisma's default name for this unique index, truncated by Prisma to PostgreSQL's 63-byte limit)
CREATE UNIQUE INDEX publishing_deliveries_publication_id_subscriber_id_channel__key
    ON publishing_deliveries (publication_id, subscriber_id, channel_id);
CREATE INDEX publishing_deliveries_status_next_attempt_at_idx ON publishing_deliveries (status, next_attempt_at);
CREATE INDEX publishing_deliveries_subscriber_id_idx ON publishing_deliveries (subscriber_id);
CREATE INDEX publishing_deliveries_channel_id_idx ON publishing_deliveries (channel_id);
CREATE UNIQUE INDEX publishing_api_keys_key_prefix_key ON publishing_api_keys (key_prefix);

-- AddForeignKey
ALTER TABLE publishing_deliveries
    ADD CONSTRAINT publishing_deliveries_publication_id_fkey FOREIGN KEY (publication_id)
        REFERENCES publishing_publications (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_deliveries_subscriber_id_fkey FOREIGN KEY (subscriber_id)
        REFERENCES publishing_subscribers (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT publishing_deliveries_channel_id_fkey FOREIGN KEY (channel_id)
        REFERENCES publishing_channels (id) ON DELETE CASCADE ON UPDATE CASCADE;
