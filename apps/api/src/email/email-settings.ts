/**
 * The SMTP settings the delivery pipeline will send with. Read from the environment here, not in
 * `AppConfig`, until the pipeline (and its validated SMTP config) exists.
 */
export interface EmailSettings {
  /** SMTP_HOST, when set. */
  host: string | null;
  /** SMTP_FROM, when set. */
  sender: string | null;
}

export const EMAIL_SETTINGS = Symbol('EMAIL_SETTINGS');

export function loadEmailSettings(env: NodeJS.ProcessEnv = process.env): EmailSettings {
  const value = (name: string) => env[name]?.trim() || null;
  return { host: value('SMTP_HOST'), sender: value('SMTP_FROM') };
}
