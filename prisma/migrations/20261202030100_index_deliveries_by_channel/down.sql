-- Down of 20261202030100_index_deliveries_by_channel: drops the per-channel claim index.

SET LOCAL lock_timeout = '3s';

DROP INDEX IF EXISTS "publishing_deliveries_channel_id_status_next_attempt_at_idx";
