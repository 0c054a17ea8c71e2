-- Add alerts: a new table only, no legacy data involved (the legacy service kept alerts in Redis
-- for 24 h). target_channels holds channel ids validated (existing, active) when the alert is
-- created; it is an array rather than a join table because an alert's targets never change, and
-- it has no foreign keys (an alert keeps naming a channel deleted later). The API enforces 1-5.

-- CreateEnum
CREATE TYPE "alert_priority" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "alert_status" AS ENUM ('queued', 'sent', 'failed');

-- CreateTable
CREATE TABLE "publishing_alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_id" UUID NOT NULL,
    "target_channels" UUID[],
    "priority" "alert_priority" NOT NULL DEFAULT 'high',
    "status" "alert_status" NOT NULL DEFAULT 'queued',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publishing_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "publishing_alerts_status_created_at_idx" ON "publishing_alerts"("status", "created_at");
