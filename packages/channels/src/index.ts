export {
  DeliveryError,
  asDeliveryError,
  permanentFailure,
  requiredString,
  transientFailure,
  type ChannelAdapter,
  type ChannelInfo,
  type DeliveryContext,
  type FailureKind,
  type SendResult,
} from './channel-adapter';
export {
  PUSH_CHANNEL_TYPES,
  createChannelAdapters,
  isPushChannelType,
  type ChannelAdapters,
  type PushChannelType,
} from './channel-adapters';
export { DiscordAdapter, SlackAdapter } from './chat-adapters';
export { EmailAdapter, classifySmtpError } from './email-adapter';
export { HttpClient, isTransientStatus, targetUrl, type HttpAnswer } from './http-post';
export {
  TARGET_NOT_ALLOWED,
  TargetRefusedError,
  guardedLookup,
  refusedHost,
} from './network/guarded-lookup';
export {
  PUBLIC_TARGETS_ONLY,
  hostRefusal,
  isIpAddress,
  nonPublicRange,
  type TargetPolicy,
} from './network/target-policy';
export { parseRetryAfter } from './retry-after';
export { DELIVERY_HEADER, WebhookAdapter } from './webhook-adapter';
export { SIGNATURE_HEADER, verifyWebhookSignature, webhookSignature } from './webhook-signature';
