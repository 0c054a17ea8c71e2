-- migrate:no-transaction
SET lock_timeout = '3s';

DROP INDEX CONCURRENTLY IF EXISTS "publishing_deliveries_publication_id_status_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_deliveries_publication_id_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_alerts_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_templates_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_channels_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_subscribers_subscription_status_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_subscribers_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_publications_status_created_at_id_idx";
DROP INDEX CONCURRENTLY IF EXISTS "publishing_publications_created_at_id_idx";
