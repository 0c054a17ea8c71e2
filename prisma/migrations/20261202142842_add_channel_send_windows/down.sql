-- Down of 20261202142842_add_channel_send_windows: drops the send windows.
-- Cannot restore: nothing worth keeping (each channel's sends of the last second, rebuilt on use).

SET LOCAL lock_timeout = '3s';

DROP TABLE "publishing_channel_send_windows";
