-- Per channel, the sends its workers let through over the last second, counted per 10 ms: a send
-- whose rate-limit slot was booked ahead is let through only while the count is below the
-- capacity (the worker's start mark checks and counts it in the same statement), so sends that
-- leave late cannot bunch beside punctual ones. Rows are created by the workers on first use.

SET LOCAL lock_timeout = '3s';

-- CreateTable
CREATE TABLE "publishing_channel_send_windows" (
    "channel_id" UUID NOT NULL,
    "capacity" INTEGER NOT NULL,
    "counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "newest_bucket" BIGINT NOT NULL DEFAULT 0,
    "last_admitted" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publishing_channel_send_windows_pkey" PRIMARY KEY ("channel_id")
);

-- AddForeignKey
ALTER TABLE "publishing_channel_send_windows" ADD CONSTRAINT "publishing_channel_send_windows_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "publishing_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
