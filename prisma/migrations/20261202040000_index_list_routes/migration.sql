-- migrate:no-transaction
-- Every list route sorts by (created_at, id) (deliveries within one publication), optionally
-- filtered by a status. These indexes let PostgreSQL read a page in index order and stop after
-- `limit` rows instead of sorting the whole table; a btree scans backwards for DESC.
-- CONCURRENTLY: the tables may be large and in use, so the builds must not block writes.
-- A build that fails halfway leaves an INVALID index that IF NOT EXISTS would then skip: run
-- down.sql (it drops them all) before deploying again.
SET lock_timeout = '3s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_publications_created_at_id_idx"
  ON "publishing_publications" ("created_at", "id");
CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_publications_status_created_at_id_idx"
  ON "publishing_publications" ("status", "created_at", "id");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_subscribers_created_at_id_idx"
  ON "publishing_subscribers" ("created_at", "id");
CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_subscribers_subscription_status_created_at_id_idx"
  ON "publishing_subscribers" ("subscription_status", "created_at", "id");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_channels_created_at_id_idx"
  ON "publishing_channels" ("created_at", "id");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_templates_created_at_id_idx"
  ON "publishing_templates" ("created_at", "id");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_alerts_created_at_id_idx"
  ON "publishing_alerts" ("created_at", "id");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_deliveries_publication_id_created_at_id_idx"
  ON "publishing_deliveries" ("publication_id", "created_at", "id");
CREATE INDEX CONCURRENTLY IF NOT EXISTS "publishing_deliveries_publication_id_status_created_at_id_idx"
  ON "publishing_deliveries" ("publication_id", "status", "created_at", "id");
