-- Down of 20250601000000_legacy_baseline: drops the five legacy tables.
-- Cannot restore: everything in them (this is the first migration; the data goes with the tables).

DROP TABLE publishing_analytics;
DROP TABLE publishing_templates;
DROP TABLE publishing_publications;
DROP TABLE publishing_subscribers;
DROP TABLE publishing_channels;
