-- Down of 20261125131448_add_alerts: drops the alerts table, then its two enum types.
-- Cannot restore: alerts (no legacy equivalent in the database); they are lost on the way down.

DROP TABLE "publishing_alerts";
DROP TYPE "alert_status";
DROP TYPE "alert_priority";
