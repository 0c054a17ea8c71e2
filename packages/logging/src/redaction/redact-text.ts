import { isCredentialParameter } from './credential-keys';

export const REDACTED = '***';

// A password in a URL's user-info: `scheme://user:PASSWORD@host`. The password may hold `@` (the
// authority ends at its last `@`), never an unescaped `/`, `?` or `#`; a JSON-escaped `\"` inside it
// is part of it.
const USER_INFO_PASSWORD =
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'<>\\]*:)((?:\\.|[^\s/?#"'<>\\])*)@/gi;

// `name=value` as in a query string (`?password=…&sslpassword=…`) or a libpq keyword string
// (`host=db password=…`); only credential names are redacted.
const NAME_VALUE = /([A-Za-z0-9_.-]+)=((?:\\.|[^&;#\s"'<>\\])*)/g;

// A user-info without a password is a token itself (`https://TOKEN@host`, Sentry DSNs), except in
// a database URL, where it is the user name an operator needs to see (`postgresql://app@db`).
const USER_INFO_TOKEN =
  /(\b(?!postgres(?:ql)?:)[a-z][a-z0-9+.-]*:\/\/)(?:\\.|[^\s:/?#@"'<>\\])+@/gi;

const BEARER_TOKEN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * `text` with every credential it carries replaced: passwords in URLs (user-info and query
 * parameters), credential `name=value` pairs, bearer tokens. Works on any text: a message, an error
 * message, a serialized log line.
 */
export function redactCredentialsInText(text: string): string {
  return text
    .replace(USER_INFO_PASSWORD, (_match, head: string) => `${head}${REDACTED}@`)
    .replace(USER_INFO_TOKEN, (_match, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(NAME_VALUE, (match, name: string, value: string) =>
      value !== '' && value !== REDACTED && isCredentialParameter(name)
        ? `${name}=${REDACTED}`
        : match,
    )
    .replace(BEARER_TOKEN, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}

/** A URL (a database URL, a webhook target) safe to print: its password and credential parameters replaced. */
export function redactUrl(url: string): string {
  return redactCredentialsInText(url);
}
