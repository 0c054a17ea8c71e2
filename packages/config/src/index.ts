export { ConfigError } from './config-error';
export { loadEnvironment, type Environment } from './load-environment';
export { httpsBaseUrlInProduction, signingSecretInProduction } from './link-rules';
export { booleanFlag, checkedBy, commaList, httpUrl, whenValid, wholeNumber } from './validators';
export { trustProxy } from './trust-proxy';
