-- Down of 20261202030000_add_channel_send_slots: drops the shared send slots.
-- Cannot restore: nothing worth keeping (each channel's next free slot, rebuilt on first use).

SET LOCAL lock_timeout = '3s';

DROP TABLE "publishing_channel_send_slots";
