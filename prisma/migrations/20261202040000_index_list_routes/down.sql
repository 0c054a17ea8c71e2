-- Plain DROP INDEX, in one transaction: `pnpm migrate rollback` runs down.sql inside BEGIN … COMMIT,
-- where DROP INDEX CONCURRENTLY is refused. Each drop holds its table's lock only for a moment,
-- and lock_timeout keeps a drop that has to wait from stalling the table's traffic.
SET LOCAL lock_timeout = '3s';

DROP INDEX IF EXISTS "publishing_deliveries_publication_id_status_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_deliveries_publication_id_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_alerts_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_templates_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_channels_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_subscribers_subscription_status_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_subscribers_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_publications_status_created_at_id_idx";
DROP INDEX IF EXISTS "publishing_publications_created_at_id_idx";
