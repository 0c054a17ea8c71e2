export { ConfigError } from './config-error';
export { loadEnvironment, type Environment } from './load-environment';
export { checkedBy, commaList, httpUrl, whenValid, wholeNumber } from './validators';
