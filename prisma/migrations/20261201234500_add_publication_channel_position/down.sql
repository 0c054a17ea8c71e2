-- Down of 20261201234500_add_publication_channel_position: drops the position column.
-- Cannot restore: the order channels were given in; they come back ordered by id again.

ALTER TABLE "publishing_publication_channels" DROP COLUMN "position";
