import type { Channel, ChannelResult, Publication } from '../api/types';

export const OPS_WEBHOOK: Channel = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Ops webhook',
  channel_type: 'webhook',
  is_active: true,
  configuration: { url: '****hook' },
  configured: true,
  missing_configuration: [],
};

export const TEAM_SLACK: Channel = {
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Team Slack',
  channel_type: 'slack',
  is_active: true,
  configuration: {},
  configured: false,
  missing_configuration: ['configuration.webhook_url'],
};

export function channelResult(counts: Partial<ChannelResult>): ChannelResult {
  return {
    channel_type: 'webhook',
    total: 0,
    sent: 0,
    failed: 0,
    pending: 0,
    skipped: 0,
    cancelled: 0,
    status: 'processing',
    ...counts,
  };
}

export function publication(overrides: Partial<Publication> = {}): Publication {
  return {
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    publication_type: 'newsletter',
    status: 'scheduled',
    scheduled_time: '2030-01-01T10:00:00.000Z',
    published_time: null,
    content_ids: [],
    channels: [OPS_WEBHOOK.id],
    template_id: null,
    channel_results: null,
    error_details: null,
    created_at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}
