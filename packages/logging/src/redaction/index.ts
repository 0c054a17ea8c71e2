export { isCredentialName, isTokenUrlName } from './credential-keys';
export { redactCredentialFields } from './redact-fields';
export { REDACTED, redactCredentialsInText, redactUrl } from './redact-text';
