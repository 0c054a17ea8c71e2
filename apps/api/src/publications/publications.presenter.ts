import type { PublicationWithChannels } from './publications.service';
import { formatTimestamp } from '../common/format-timestamp';

export function presentPublication(publication: PublicationWithChannels) {
  return {
    id: publication.id,
    publication_type: publication.publicationType,
    status: publication.status,
    scheduled_time: formatTimestamp(publication.scheduledTime),
    published_time: formatTimestamp(publication.publishedTime),
    content_ids: publication.contentIds,
    channels: publication.channels.map((channel) => channel.channelId),
    template_id: publication.templateId,
    personalization_rules: publication.personalizationRules,
    channel_results: publication.channelResults,
    engagement_metrics: publication.engagementMetrics,
    personalization_applied: publication.personalizationApplied,
    error_details: publication.errorDetails,
    created_at: formatTimestamp(publication.createdAt),
    updated_at: formatTimestamp(publication.updatedAt),
  };
}
