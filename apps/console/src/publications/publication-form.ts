import type { NewPublication } from '../api/publications';
import type { PublicationType } from '../api/types';

export interface PublicationFormValues {
  publicationType: PublicationType;
  channelIds: string[];
  contentIds: string;
  templateId: string;
  scheduledTime: string;
}

/**
 * The POST body the form's values make. `datetime-local` has no offset: it is the browser's local
 * time, sent as UTC. An empty time is left out (the API schedules now).
 */
export function newPublicationBody(values: PublicationFormValues): NewPublication {
  const contentIds = values.contentIds
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  const body: NewPublication = {
    publication_type: values.publicationType,
    channels: values.channelIds,
  };
  if (contentIds.length > 0) body.content_ids = contentIds;
  if (values.templateId) body.template_id = values.templateId;
  if (values.scheduledTime) {
    const local = new Date(values.scheduledTime);
    body.scheduled_time = Number.isNaN(local.getTime())
      ? values.scheduledTime
      : local.toISOString();
  }
  return body;
}
