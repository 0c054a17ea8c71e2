-- Send slots shared by every worker: one row per channel holding the time its next send may go
-- (a GCRA "theoretical arrival time"). A worker reserves k slots in one UPDATE … RETURNING, so
-- N workers together respect a channel's rate limit. Rows are created by the workers on first use.

SET LOCAL lock_timeout = '3s';

-- CreateTable
CREATE TABLE "publishing_channel_send_slots" (
    "channel_id" UUID NOT NULL,
    "next_free_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "last_granted" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),

    CONSTRAINT "publishing_channel_send_slots_pkey" PRIMARY KEY ("channel_id")
);

-- AddForeignKey
ALTER TABLE "publishing_channel_send_slots" ADD CONSTRAINT "publishing_channel_send_slots_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "publishing_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The worker claims due deliveries per channel (so a rate-limited channel never takes the claim
-- budget of the others): each channel's due rows are found through this index.
CREATE INDEX "publishing_deliveries_channel_id_status_next_attempt_at_idx" ON "publishing_deliveries"("channel_id", "status", "next_attempt_at");
