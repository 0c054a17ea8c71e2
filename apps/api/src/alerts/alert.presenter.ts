import { type Alert } from '@publishing/db';
import { type AlertDto } from './dto/alert.dto';

export function presentAlert(alert: Alert): AlertDto {
  return {
    id: alert.id,
    content_id: alert.contentId,
    target_channels: alert.targetChannels,
    priority: alert.priority,
    status: alert.status,
    created_at: alert.createdAt.toISOString(),
    updated_at: alert.updatedAt.toISOString(),
  };
}
