-- Each delivery is updated three times while it is sent: claimed, marked started, written back.
-- The start mark changes only claim_expires_at and updated_at, which no index covers, so it can
-- be a HOT update (no new index entries) when the row's page has room for the new version. Pages
-- filled to 70 % leave that room. Only pages written from now on are filled to 70 %; existing
-- ones are not rewritten. A share update exclusive lock: reads and writes go on meanwhile.

SET LOCAL lock_timeout = '3s';

ALTER TABLE "publishing_deliveries" SET (fillfactor = 70);
