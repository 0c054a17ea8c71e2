/**
 * Names whose values are credentials wherever they appear: log fields, HTTP headers
 * (`Authorization`, `X-Auth`, `X-API-Key`, `Cookie`) and URL query parameters (`password`,
 * `sslpassword`, `token`…).
 */
const CREDENTIAL_NAME =
  /password|passwd|passphrase|(^|_)pass$|(^|[-_])pwd$|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|authorization|(^|[-_])auth($|[-_])|signature|cookie|(^|_)dsn$/i;

/**
 * A channel's configuration: logs show its keys, never its values. Responses mask it by the
 * channel type's schema (`@publishing/channels`), which a log line does not carry; redacting every
 * value is at least as strict (unknown keys, webhook header values, URLs with user-info…).
 */
const CHANNEL_CONFIGURATION_NAME = /^configuration$/i;

/** Slack, Discord and webhook URLs embed their tokens in the path, so the whole URL is secret. */
const TOKEN_URL_NAME = /(^|_)url$/i;

/** Click-tracking links carry their HMAC as `sig`. */
const SHORT_SIGNATURE_PARAMETER = /^sig$/i;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** `url`, `webhook_url`…: secret for the channel types whose URLs embed a token. */
export function isTokenUrlName(name: string): boolean {
  return TOKEN_URL_NAME.test(name);
}

export function isCredentialParameter(name: string): boolean {
  return CREDENTIAL_NAME.test(name) || SHORT_SIGNATURE_PARAMETER.test(name);
}

export function isChannelConfigurationName(name: string): boolean {
  return CHANNEL_CONFIGURATION_NAME.test(name);
}
