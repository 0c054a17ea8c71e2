-- Legacy baseline: the five tables exactly as the Python service's SQLAlchemy
-- `Base.metadata.create_all()` created them: same names, types, defaults and constraint names.
-- A database that already has these tables is adopted by recording this migration as applied
-- (baselining) instead of running it; the later migrations then upgrade it with its data.
-- No foreign keys, no CHECK constraints, no enums: that is the legacy shape.

-- CreateTable
CREATE TABLE publishing_channels (
    id VARCHAR(36) NOT NULL,
    name VARCHAR(100) NOT NULL,
    channel_type VARCHAR(32) NOT NULL,
    is_active BOOLEAN DEFAULT true NOT NULL,
    configuration JSON DEFAULT '{}' NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT publishing_channels_pkey PRIMARY KEY (id),
    CONSTRAINT publishing_channels_name_key UNIQUE (name)
);
CREATE INDEX ix_publishing_channels_channel_type ON publishing_channels (channel_type);
CREATE INDEX ix_publishing_channels_is_active ON publishing_channels (is_active);

-- CreateTable
CREATE TABLE publishing_subscribers (
    id VARCHAR(36) NOT NULL,
    user_id VARCHAR(36),
    email VARCHAR(255) NOT NULL,
    preferred_channels JSON DEFAULT '[]' NOT NULL,
    topic_interests JSON DEFAULT '{}' NOT NULL,
    frequency_settings JSON DEFAULT '{}' NOT NULL,
    personalization_data JSON DEFAULT '{}' NOT NULL,
    subscription_status VARCHAR(32) DEFAULT 'active' NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT publishing_subscribers_pkey PRIMARY KEY (id),
    CONSTRAINT publishing_subscribers_email_key UNIQUE (email)
);
CREATE INDEX ix_publishing_subscribers_email ON publishing_subscribers (email);
CREATE INDEX ix_publishing_subscribers_subscription_status ON publishing_subscribers (subscription_status);

-- CreateTable
CREATE TABLE publishing_publications (
    id VARCHAR(36) NOT NULL,
    publication_type VARCHAR(32) NOT NULL,
    scheduled_time TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    published_time TIMESTAMP WITHOUT TIME ZONE,
    status VARCHAR(32) DEFAULT 'scheduled' NOT NULL,
    content_ids JSON DEFAULT '[]' NOT NULL,
    channels JSON DEFAULT '[]' NOT NULL,
    channel_results JSON DEFAULT '{}' NOT NULL,
    engagement_metrics JSON DEFAULT '{}' NOT NULL,
    personalization_applied JSON DEFAULT '{}' NOT NULL,
    error_details TEXT,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT publishing_publications_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_publishing_publications_publication_type ON publishing_publications (publication_type);
CREATE INDEX ix_publishing_publications_scheduled_time ON publishing_publications (scheduled_time);
CREATE INDEX ix_publishing_publications_status ON publishing_publications (status);

-- CreateTable
CREATE TABLE publishing_templates (
    id UUID NOT NULL,
    name VARCHAR(200) NOT NULL,
    template_type VARCHAR(32) NOT NULL,
    content_structure JSONB DEFAULT '{}' NOT NULL,
    formatting_rules JSONB DEFAULT '{}' NOT NULL,
    branding_elements JSONB DEFAULT '{}' NOT NULL,
    variable_definitions JSONB DEFAULT '{}' NOT NULL,
    usage_count INTEGER DEFAULT 0 NOT NULL,
    is_active BOOLEAN DEFAULT true NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT publishing_templates_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_publishing_templates_template_type ON publishing_templates (template_type);
CREATE INDEX ix_publishing_templates_is_active ON publishing_templates (is_active);

-- CreateTable
CREATE TABLE publishing_analytics (
    id VARCHAR(36) NOT NULL,
    publication_id VARCHAR(36) NOT NULL,
    channel_type VARCHAR(32) NOT NULL,
    metric_type VARCHAR(32) NOT NULL,
    metric_value DOUBLE PRECISION DEFAULT 0.0 NOT NULL,
    user_id VARCHAR(36),
    metadata_json JSON DEFAULT '{}' NOT NULL,
    recorded_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT publishing_analytics_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_publishing_analytics_publication_id ON publishing_analytics (publication_id);
CREATE INDEX ix_publishing_analytics_channel_type ON publishing_analytics (channel_type);
CREATE INDEX ix_publishing_analytics_metric_type ON publishing_analytics (metric_type);
CREATE INDEX ix_publishing_analytics_recorded_at ON publishing_analytics (recorded_at);
