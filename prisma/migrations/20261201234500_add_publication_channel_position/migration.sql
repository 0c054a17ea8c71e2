-- A publication's channels keep the order the client gave them (the old service answered them
-- in that order). Existing rows get their old, implicit order (by channel id) as positions.

SET LOCAL lock_timeout = '5s';

-- AlterTable
ALTER TABLE "publishing_publication_channels" ADD COLUMN "position" SMALLINT NOT NULL DEFAULT 0;

UPDATE "publishing_publication_channels" AS pc
   SET "position" = ordered.position
  FROM (SELECT publication_id, channel_id,
               (row_number() OVER (PARTITION BY publication_id ORDER BY channel_id) - 1)::smallint AS position
          FROM "publishing_publication_channels") AS ordered
 WHERE pc.publication_id = ordered.publication_id AND pc.channel_id = ordered.channel_id;
