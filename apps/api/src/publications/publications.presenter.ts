import type { PublicationWithChannels, TestAudience } from './publications.service';

export function presentPublication(publication: PublicationWithChannels) {
  return {
    id: publication.id,
    publication_type: publication.publicationType,
    status: publication.status,
    scheduled_time: publication.scheduledTime.toISOString(),
    published_time: publication.publishedTime?.toISOString() ?? null,
    content_ids: publication.contentIds,
    channels: publication.channels.map((channel) => channel.channelId),
    template_id: publication.templateId,
    personalization_rules: publication.personalizationRules,
    channel_results: publication.channelResults,
    engagement_metrics: publication.engagementMetrics,
    personalization_applied: publication.personalizationApplied,
    error_details: publication.errorDetails,
    created_at: publication.createdAt.toISOString(),
    updated_at: publication.updatedAt.toISOString(),
  };
}

/** The legacy test-send shape, saying plainly that nothing was sent. */
export function presentTestAudience(audience: TestAudience) {
  return {
    publication_id: audience.publication.id,
    total_subscribers: audience.totalSubscribers,
    successful: 0,
    failed: 0,
    sent: false,
    delivery_results: [],
    ...(audience.testEmail ? { test_email: audience.testEmail } : {}),
    note:
      'Nothing was sent: test sends arrive with the delivery pipeline. total_subscribers is the ' +
      'audience a test send would reach (active subscribers of the active channels, at most 50, ' +
      'or 1 with test_email).',
  };
}
