-- Legacy rows for upgrade tests: load after 20250601000000_legacy_baseline only, then apply the
-- later migrations and check the outcomes listed in README.md (same directory).
-- Ids are fixed and readable: c0… channels, 7e… templates, 5b… subscribers, 9b… publications,
-- ae… analytics, a0…/b0… user ids, cc… content ids; a final …dd names a row that does not exist.
-- Timestamps are naive UTC, as the Python service wrote them.

-- Channels (c0…dd is a deleted channel: referenced below, never inserted)
INSERT INTO publishing_channels (id, name, channel_type, is_active, configuration, created_at, updated_at) VALUES
('c0000000-0000-4000-8000-000000000001', 'Newsletter email', 'email', true,
 '{"provider": "smtp", "from": "news@example.com"}', '2024-01-01 00:00:00', '2024-01-01 00:00:00'),
('c0000000-0000-4000-8000-000000000002', 'Team Slack', 'slack', true,
 '{"webhook_url": "https://hooks.slack.com/services/T000/B000/XXXX", "bot_token": "xoxb-fixture"}', '2024-01-02 12:30:00', '2024-01-05 08:00:00'),
('c0000000-0000-4000-8000-000000000003', 'Partner webhook', 'webhook', false,
 '{"url": "https://partner.example.net/hook"}', '2024-01-03 00:00:00', '2024-01-03 00:00:00'),
('c0000000-0000-4000-8000-000000000004', 'Public RSS', 'rss', true,
 '{}', '2024-01-04 00:00:00', '2024-01-04 00:00:00');

-- Templates (7e…dd does not exist)
INSERT INTO publishing_templates (id, name, template_type, content_structure, formatting_rules, branding_elements,
                                  variable_definitions, usage_count, is_active, created_at, updated_at) VALUES
('7e000000-0000-4000-8000-000000000001', 'Welcome', 'email', '{"sections": ["header", "body"]}', '{"max_width": 600}',
 '{"logo": "https://cdn.example.com/logo.png"}', '{"first_name": "string"}', 12, true, '2023-12-31 23:30:00', '2024-01-15 10:00:00'),
('7e000000-0000-4000-8000-000000000002', 'Slack alert', 'slack', '{}', '{}', '{}', '{}', 0, true,
 '2024-01-20 00:00:00', '2024-01-20 00:00:00');

-- Subscribers
INSERT INTO publishing_subscribers (id, user_id, email, preferred_channels, topic_interests, frequency_settings,
                                    personalization_data, subscription_status, created_at, updated_at) VALUES
-- ordinary: two existing channel ids
('5b000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'alice@example.com',
 '["c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"]',
 '{"ai": 0.9, "climate": 0.4}',
 '{"type": "weekly", "time_of_day": "09:00", "timezone": "Europe/Berlin", "preferred_days": ["mon"]}',
 '{"first_name": "Alice"}', 'active', '2024-01-10 08:00:00', '2024-01-11 08:00:00.123456'),
-- three emails equal case-insensitively; this one is kept (oldest created_at, smallest id)
('5b000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000002', 'Bob@Example.com',
 '["email", "c0000000-0000-4000-8000-000000000001"]',
 '{"security": 1}', '{}', '{}', 'active', '2024-02-01 09:00:00', '2024-02-01 09:00:00'),
-- ... newest of the three: archived and deleted
('5b000000-0000-4000-8000-000000000003', NULL, 'bob@example.com',
 '["c0000000-0000-4000-8000-000000000002", "slack", "email"]',
 '{}', '{"type": "daily"}', '{}', 'active', '2024-03-05 10:00:00', '2024-03-05 10:00:00'),
-- ... same created_at as ...0002 but a larger id: archived and deleted
('5b000000-0000-4000-8000-000000000004', NULL, 'BOB@EXAMPLE.COM',
 '["c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-0000000000dd"]',
 '{}', '{}', '{}', 'paused', '2024-02-01 09:00:00', '2024-02-02 09:00:00'),
-- user_id not a UUID; channel type name, unknown name, id of a deleted channel; other topic_interests shape
('5b000000-0000-4000-8000-000000000005', 'legacy-user-42', 'carol@example.com',
 '["discord", "sms", "c0000000-0000-4000-8000-0000000000dd"]',
 '{"topics": ["ai", "policy"], "keywords": ["llm"]}', '{}', '{}', 'active', '2024-02-10 00:00:00', '2024-02-10 00:00:00'),
-- ordinary: no preferences, unsubscribed
('5b000000-0000-4000-8000-000000000006', NULL, 'dave@example.com', '[]', '{}', '{}', '{}', 'unsubscribed',
 '2024-02-11 00:00:00', '2024-02-11 00:00:00'),
-- mixed-case email without duplicate; a non-string entry and a capitalised type name (both archived)
('5b000000-0000-4000-8000-000000000007', NULL, 'Erin@Example.org',
 '["c0000000-0000-4000-8000-000000000003", 42, "Email"]',
 '{}', '{}', '{}', 'active', '2024-02-12 00:00:00', '2024-02-12 00:00:00');

-- Publications
INSERT INTO publishing_publications (id, publication_type, scheduled_time, published_time, status, content_ids, channels,
                                     channel_results, engagement_metrics, personalization_applied, error_details,
                                     created_at, updated_at) VALUES
-- ordinary
('9b000000-0000-4000-8000-000000000001', 'newsletter', '2024-04-01 06:00:00', '2024-04-01 06:00:05.25', 'completed',
 '["cc000000-0000-4000-8000-000000000001", "cc000000-0000-4000-8000-000000000002"]',
 '["c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"]',
 '{"c0000000-0000-4000-8000-000000000001": {"status": "delivered", "delivered_at": "2024-04-01T06:00:05", "error_message": null, "recipient_count": 3, "engagement_metrics": {}}}',
 '{"opens": 2}', '{"first_name": true}', NULL, '2024-03-30 12:00:00', '2024-04-01 06:00:05.25'),
-- empty content_ids; channels: existing id, deleted id, non-UUID; stray keys: existing template + rules object
('9b000000-0000-4000-8000-000000000002', 'alert', '2026-12-01 12:00:00', NULL, 'scheduled',
 '[]',
 '["c0000000-0000-4000-8000-000000000002", "c0000000-0000-4000-8000-0000000000dd", "not-a-uuid"]',
 '{"template_id": "7e000000-0000-4000-8000-000000000002", "personalization_rules": {"segment": "vip", "max_items": 5}}',
 '{}', '{}', NULL, '2024-05-01 00:00:00', '2024-05-01 00:00:00'),
-- content_ids with a non-UUID entry; channels only a deleted id; stray keys: missing template + empty rules
('9b000000-0000-4000-8000-000000000003', 'digest', '2024-05-02 07:00:00', NULL, 'failed',
 '["cc000000-0000-4000-8000-000000000003", "draft-7"]',
 '["c0000000-0000-4000-8000-0000000000dd"]',
 '{"c0000000-0000-4000-8000-000000000002": {"status": "failed", "error_message": "timeout"}, "template_id": "7e000000-0000-4000-8000-0000000000dd", "personalization_rules": {}}',
 '{}', '{}', 'Slack API timeout', '2024-05-02 06:00:00', '2024-05-02 07:00:01'),
-- stray keys that are not usable: non-UUID template id, non-object rules
('9b000000-0000-4000-8000-000000000004', 'manual', '2024-05-03 08:00:00', NULL, 'cancelled',
 '[]', '[]',
 '{"template_id": "tmpl-welcome", "personalization_rules": "none", "c0000000-0000-4000-8000-000000000001": {"status": "skipped"}}',
 '{}', '{}', NULL, '2024-05-03 07:00:00', '2024-05-03 07:30:00'),
-- ordinary, only a template_id stray key (existing template)
('9b000000-0000-4000-8000-000000000005', 'newsletter', '2024-06-01 06:00:00', NULL, 'processing',
 '["cc000000-0000-4000-8000-000000000004"]',
 '["c0000000-0000-4000-8000-000000000003", "c0000000-0000-4000-8000-000000000001"]',
 '{"template_id": "7e000000-0000-4000-8000-000000000001"}',
 '{}', '{}', NULL, '2024-05-31 00:00:00', '2024-06-01 06:00:00');

-- Analytics
INSERT INTO publishing_analytics (id, publication_id, channel_type, metric_type, metric_value, user_id, metadata_json,
                                  recorded_at) VALUES
-- ordinary
('ae000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000001', 'email', 'open', 1.0,
 'a0000000-0000-4000-8000-000000000001', '{"user_agent": "Mozilla/5.0"}', '2024-04-01 07:15:00.5'),
-- user_id not a UUID
('ae000000-0000-4000-8000-000000000002', '9b000000-0000-4000-8000-000000000001', 'email', 'click', 1.0,
 'anon-123', '{"url": "https://example.com/a"}', '2024-04-01 07:16:00'),
-- publication that does not exist (well-formed id)
('ae000000-0000-4000-8000-000000000003', '9b000000-0000-4000-8000-0000000000dd', 'slack', 'open', 1.0,
 NULL, '{}', '2024-04-02 00:00:00'),
-- publication_id not a UUID (and user_id not a UUID either)
('ae000000-0000-4000-8000-000000000004', 'pub-legacy-1', 'email', 'bounce', 1.0,
 'anon-456', '{"smtp_code": 550}', '2023-11-30 23:59:59'),
-- ordinary, fractional metric value
('ae000000-0000-4000-8000-000000000005', '9b000000-0000-4000-8000-000000000002', 'slack', 'complaint', 0.25,
 NULL, '{}', '2024-05-01 12:00:00');
