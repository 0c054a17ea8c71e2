-- Down of 20261203091500_deliveries_fillfactor: pages written from now on are filled whole again.

SET LOCAL lock_timeout = '3s';

ALTER TABLE "publishing_deliveries" RESET (fillfactor);
