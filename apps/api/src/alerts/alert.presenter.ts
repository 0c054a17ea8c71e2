import { type Alert } from '@publishing/db';
import { type AlertDto } from './dto/alert.dto';
import { formatTimestamp } from '../common/format-timestamp';

export function presentAlert(alert: Alert): AlertDto {
  return {
    id: alert.id,
    content_id: alert.contentId,
    target_channels: alert.targetChannels,
    priority: alert.priority,
    status: alert.status,
    created_at: formatTimestamp(alert.createdAt),
    updated_at: formatTimestamp(alert.updatedAt),
  };
}
