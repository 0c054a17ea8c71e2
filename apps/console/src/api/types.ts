// The API's resources as the console reads them (snake_case, as the API answers).

export const PUBLICATION_TYPES = ['newsletter', 'alert', 'digest', 'manual'] as const;
export type PublicationType = (typeof PUBLICATION_TYPES)[number];
export type PublicationStatus = 'scheduled' | 'processing' | 'completed' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const SUBSCRIPTION_STATUSES = ['active', 'paused', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** The worker's per-channel counts (`pending` includes `sending`). */
export interface ChannelResult {
  channel_type: string;
  total: number;
  sent: number;
  failed: number;
  pending: number;
  skipped: number;
  cancelled: number;
  status: string;
}

export interface Publication {
  id: string;
  publication_type: PublicationType;
  status: PublicationStatus;
  scheduled_time: string | null;
  published_time: string | null;
  content_ids: string[];
  channels: string[];
  template_id: string | null;
  channel_results: Record<string, ChannelResult> | null;
  error_details: string | null;
  created_at: string | null;
}

export interface ListPage {
  total_count: number;
  total_count_exact: boolean;
  limit: number;
  offset: number;
  next_cursor: string | null;
}

export interface Channel {
  id: string;
  name: string;
  channel_type: string;
  is_active: boolean;
  configuration: unknown;
  configured: boolean;
  missing_configuration: string[];
}

export interface ChannelTestResult {
  channel_id: string;
  channel_type: string;
  sent: boolean;
  status_code?: number | null;
  provider_message_id?: string;
  error?: string;
}

export interface Template {
  id: string;
  name: string;
  template_type: string;
}

export interface Delivery {
  id: string;
  subscriber_id: string;
  channel_id: string;
  status: DeliveryStatus;
  attempts: number;
  failure_reason: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string | null;
}

export interface FailureReason {
  /** null for failures recorded without a reason. */
  failure_reason: string | null;
  count: number;
  /** One of the group's `last_error`s. */
  example_error: string | null;
}

export interface FailureReasons {
  /** The most frequent first, at most 50. */
  reasons: FailureReason[];
  more_reasons: boolean;
}

export interface Subscriber {
  id: string;
  email: string;
  subscription_status: SubscriptionStatus;
  preferred_channels: string[];
  created_at: string | null;
}

export interface EngagementTotals {
  publication_id: string;
  open: number;
  click: number;
  unsubscribe: number;
  bounce: number;
  complaint: number;
  unique_opens: number;
  unique_clicks: number;
  last_event_at: string | null;
}

export type TimelineBucket = 'hour' | 'day';

export interface EngagementPoint {
  at: string;
  opens: number;
  unique_opens: number;
  clicks: number;
  unique_clicks: number;
  unsubscribes: number;
}

export interface EngagementTimeline {
  publication_id: string;
  bucket: TimelineBucket;
  /** The range [since, until) the points cover (ISO-8601 UTC). */
  since: string;
  until: string;
  points: EngagementPoint[];
}

export interface DataStepState {
  name: string;
  mode: string | null;
  blocking: boolean;
  state: string;
}

export interface MigrationState {
  atHead: boolean;
  ready: boolean;
  applied: number;
  pending: string[];
  failed: string[];
  edited: string[];
  unknown: string[];
  dataSteps: DataStepState[];
  problems: string[];
  warnings: string[];
}
