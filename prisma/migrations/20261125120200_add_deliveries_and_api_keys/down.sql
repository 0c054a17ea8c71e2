-- Down of 20261125120200_add_deliveries_and_api_keys: drops both tables and the delivery_status enum.
-- Cannot restore: deliveries and API keys (no legacy equivalent); they are lost on the way down.

DROP TABLE publishing_deliveries;
DROP TABLE publishing_api_keys;
DROP TYPE delivery_status;
