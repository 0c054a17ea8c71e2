import { compileTemplate, type CompiledTemplate, type TemplateSource } from './compile-template';
import { escapeHtml, escapeSlack } from './escape';
import { htmlToText, textToHtml } from './html-to-text';
import type { EscapeMode } from './liquid-engine';
import { ROOT_PATH } from './template-strings';
import { isRecord, resolveVariables } from './variable-definitions';

export type RenderChannelType = 'email' | 'slack' | 'discord' | 'webhook';

export interface RenderedEmail {
  channelType: 'email';
  subject: string;
  html: string;
  text: string;
}

export interface RenderedSlack {
  channelType: 'slack';
  payload: { text: string };
}

export interface RenderedDiscord {
  channelType: 'discord';
  /** `allowed_mentions.parse: []`: a value such as "@everyone" is shown, never pings. */
  payload: { content: string; allowed_mentions: { parse: string[] } };
}

export interface RenderedWebhook {
  channelType: 'webhook';
  payload: unknown;
}

export type RenderedMessage = RenderedEmail | RenderedSlack | RenderedDiscord | RenderedWebhook;

/** Discord refuses message content over 2000 characters. */
export const DISCORD_CONTENT_LIMIT = 2000;
const SUBJECT_LIMIT = 200;
const FALLBACK_SUBJECT = 'New publication';

/**
 * Renders a template for one channel type. Each channel uses its own part of `content_structure`
 * when present (email: `subject`, `body_html`, `body_text`; Slack/Discord: `text`; webhook:
 * `payload`) and otherwise derives it from the others, so one template serves a publication on
 * several channel types. Declared variables take their given value, else their default; a missing
 * required one throws `TemplateVariablesError` naming it.
 */
export function renderForChannel(
  template: TemplateSource | CompiledTemplate,
  channelType: RenderChannelType,
  variables: Record<string, unknown>,
): RenderedMessage {
  const compiled = compileTemplate(template);
  const scope = resolveVariables(compiled.definitions, variables);
  const parts = new PartRenderer(compiled, scope);
  switch (channelType) {
    case 'email':
      return { channelType, ...renderEmail(parts) };
    case 'slack':
      return { channelType, payload: { text: renderChat(parts, 'slack') } };
    case 'discord':
      return {
        channelType,
        payload: {
          content: truncate(renderChat(parts, 'plain'), DISCORD_CONTENT_LIMIT),
          allowed_mentions: { parse: [] },
        },
      };
    case 'webhook':
      return { channelType, payload: renderWebhook(parts) };
  }
}

class PartRenderer {
  constructor(
    private readonly template: CompiledTemplate,
    private readonly scope: Record<string, unknown>,
  ) {}

  has(part: string): boolean {
    const value = this.template.content[part];
    return typeof value === 'string' && value.length > 0;
  }

  string(part: string, mode: EscapeMode): string | undefined {
    const value = this.template.content[part];
    if (typeof value !== 'string' || value.length === 0) return undefined;
    return this.template.renderString(`${ROOT_PATH}.${part}`, value, mode, this.scope);
  }

  /** Every string leaf of a JSON value rendered as plain text; other leaves kept as they are. */
  json(value: unknown, path: string): unknown {
    if (typeof value === 'string') {
      return this.template.renderString(path, value, 'plain', this.scope);
    }
    if (Array.isArray(value))
      return value.map((item, index) => this.json(item, `${path}[${index}]`));
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.json(item, `${path}.${key}`)]),
      );
    }
    return value;
  }

  get payload(): unknown {
    return this.template.content.payload;
  }
}

function renderEmail(parts: PartRenderer): Omit<RenderedEmail, 'channelType'> {
  const text = parts.string('body_text', 'plain');
  const html = parts.string('body_html', 'html');
  if (html !== undefined) {
    const plain = text ?? htmlToText(html);
    return { subject: subjectOf(parts, plain), html, text: plain };
  }
  const plain = text ?? parts.string('text', 'plain') ?? payloadText(parts);
  return { subject: subjectOf(parts, plain), html: textToHtml(plain, escapeHtml), text: plain };
}

/** Slack and Discord: the `text` part, else the subject in bold over the text body. */
function renderChat(parts: PartRenderer, mode: 'slack' | 'plain'): string {
  const own = parts.string('text', mode);
  if (own !== undefined) return own;
  const escape = mode === 'slack' ? escapeSlack : (text: string) => text;
  const body =
    parts.string('body_text', 'plain') ??
    (parts.has('body_html')
      ? htmlToText(parts.string('body_html', 'html') ?? '')
      : payloadText(parts));
  const subject = parts.string('subject', 'plain');
  const bold = mode === 'slack' ? '*' : '**';
  return subject ? `${bold}${escape(oneLine(subject))}${bold}\n\n${escape(body)}` : escape(body);
}

function renderWebhook(parts: PartRenderer): unknown {
  if (parts.payload !== undefined) return parts.json(parts.payload, `${ROOT_PATH}.payload`);
  const text =
    parts.string('body_text', 'plain') ??
    parts.string('text', 'plain') ??
    (parts.has('body_html') ? htmlToText(parts.string('body_html', 'html') ?? '') : '');
  const subject = parts.string('subject', 'plain');
  return subject === undefined ? { text } : { subject: oneLine(subject), text };
}

function payloadText(parts: PartRenderer): string {
  if (parts.payload === undefined) return '';
  return JSON.stringify(parts.json(parts.payload, `${ROOT_PATH}.payload`), null, 2);
}

function subjectOf(parts: PartRenderer, body: string): string {
  const subject = parts.string('subject', 'plain');
  if (subject !== undefined && oneLine(subject).length > 0) return oneLine(subject);
  const firstLine = body.split('\n').find((line) => line.trim().length > 0);
  return firstLine ? truncate(oneLine(firstLine), SUBJECT_LIMIT) : FALLBACK_SUBJECT;
}

/** Header values cannot span lines. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function truncate(text: string, limit: number): string {
  const characters = [...text];
  return characters.length <= limit ? text : `${characters.slice(0, limit - 1).join('')}…`;
}
