/**
 * Names whose values are credentials wherever they appear: channel configuration keys (the API
 * masks them in its responses), log fields, HTTP headers (`Authorization`, `X-API-Key`, `Cookie`)
 * and URL query parameters (`password`, `sslpassword`, `token`…).
 */
const CREDENTIAL_NAME =
  /password|passwd|(^|_)pass$|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|authorization|signature|cookie/i;

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
