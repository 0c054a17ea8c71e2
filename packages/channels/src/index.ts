export {
  DeliveryError,
  asDeliveryError,
  permanentFailure,
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
export {
  configurationForSend,
  missingConfiguration,
  unconfiguredFailure,
} from './channel-readiness';
export { channelConfigurationJsonSchema } from './configuration/channel-configuration-json-schema';
export { channelRateLimit, type ChannelRateLimit } from './configuration/channel-rate-limit';
export {
  ChannelConfigurationError,
  channelReadiness,
  parseChannelConfiguration,
  type ChannelReadiness,
} from './configuration/channel-readiness';
export type { ConfigurationError } from './configuration/configuration-error';
export {
  MASK,
  maskChannelConfiguration,
  maskSecret,
  maskUrlUserInfo,
  restoreMaskedSecrets,
} from './configuration/mask-channel-configuration';
export { validateChannelConfiguration } from './configuration/validate-channel-configuration';
export {
  CHANNEL_TYPES,
  channelDefinitions,
  definitionOf,
  isChannelType,
  type ChannelType,
} from './definitions';
export {
  isSecretField,
  type ChannelDefinition,
  type ParsedConfiguration,
} from './definitions/channel-definition';
export type { DiscordConfiguration } from './definitions/discord';
export type { EmailConfiguration, SmtpSettings } from './definitions/email';
export type { RssConfiguration } from './definitions/rss';
export type { SlackConfiguration } from './definitions/slack';
export type { WebhookConfiguration } from './definitions/webhook';
export { DiscordAdapter, SlackAdapter } from './chat-adapters';
export { EmailAdapter, classifySmtpError } from './email-adapter';
export { HttpClient, isTransientStatus, type HttpAnswer } from './http-post';
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
export { smtpConnectionsFor } from './smtp-connections';
export { DELIVERY_HEADER, WebhookAdapter } from './webhook-adapter';
export { SIGNATURE_HEADER, verifyWebhookSignature, webhookSignature } from './webhook-signature';
