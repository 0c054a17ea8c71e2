import type { PublicationWithChannels } from './publications.service';

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
