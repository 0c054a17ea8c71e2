-- migrate:no-transaction
-- The worker claims due deliveries per channel (so a rate-limited channel never takes the claim
-- budget of the others): each channel's due rows are found through this index. Built
-- CONCURRENTLY, so deliveries keep being written meanwhile, and alone in its file, so the stock
-- Prisma CLI (which runs a file as one script) applies it too. A build that fails leaves an
-- INVALID index: drop it (DROP INDEX CONCURRENTLY …) before deploying again.
CREATE INDEX CONCURRENTLY "publishing_deliveries_channel_id_status_next_attempt_at_idx" ON "publishing_deliveries"("channel_id", "status", "next_attempt_at");
