export {
  TemplateRenderError,
  TemplateSyntaxError,
  TemplateVariablesError,
  type TemplateLocation,
  type TemplateSyntaxProblem,
  type VariableProblem,
} from './errors';
export { TEMPLATE_LIMITS, type EscapeMode } from './liquid-engine';
export {
  BUILTIN_VARIABLES,
  readVariableDefinitions,
  resolveVariables,
  type VariableDefinition,
  type VariableDefinitions,
  type VariableType,
} from './variable-definitions';
export {
  describeValidation,
  validateTemplate,
  type DefinitionProblem,
  type TemplateValidation,
  type UndeclaredVariable,
  type ValidateTemplateOptions,
} from './validate-template';
export { CompiledTemplate, compileTemplate, type TemplateSource } from './compile-template';
export {
  DISCORD_CONTENT_LIMIT,
  renderForChannel,
  type RenderChannelType,
  type RenderedDiscord,
  type RenderedEmail,
  type RenderedMessage,
  type RenderedSlack,
  type RenderedWebhook,
} from './render-for-channel';
export {
  DEFAULT_PUBLICATION_TEMPLATE,
  renderPublication,
  type ChannelToRender,
  type PublicationToRender,
  type RenderFailureReason,
  type RenderPublicationInput,
  type RenderPublicationResult,
  type SubscriberToRender,
} from './render-publication';
export { htmlToText, textToHtml } from './html-to-text';
export { escapeHtml, escapeSlack } from './escape';
export {
  DEVELOPMENT_SIGNING_SECRET,
  TRACKING_PATH,
  clickSignature,
  isRedirectableUrl,
  openPixelUrl,
  signedClickUrl,
  verifyClickSignature,
  type ClickLinkParams,
  type OpenPixelParams,
  type TrackingLinkSettings,
} from './tracking-links';
export {
  addEmailTracking,
  type EmailTrackingIds,
  type EmailTrackingOptions,
} from './email-tracking';
export {
  UNSUBSCRIBE_PATH,
  createUnsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
  type UnsubscribeTokenClaims,
} from './unsubscribe-token';
