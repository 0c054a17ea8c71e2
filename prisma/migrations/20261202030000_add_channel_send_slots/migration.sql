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
