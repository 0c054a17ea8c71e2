import { Liquid, type Template } from 'liquidjs';
import { escapeHtml, escapeSlack, outputText } from './escape';

/**
 * How output values are escaped: `html` for email HTML (Liquid's `outputEscape`, `| raw` opts out),
 * `slack` for Slack mrkdwn, `plain` for subjects, text, Discord markdown and JSON string leaves
 * (JSON encoding happens afterwards, on the whole payload).
 */
export type EscapeMode = 'html' | 'slack' | 'plain';

/** Tags that read other templates: there is no template store to read from, so they do not exist. */
const FILE_TAGS = ['include', 'render', 'layout'];

/** Sandbox limits: a template is data from an API client, never trusted code. */
export const TEMPLATE_LIMITS = {
  /** Characters parsed per template string. */
  parseLimit: 200_000,
  /** Milliseconds one render may take (a `for` over a huge range stops here). */
  renderLimit: 500,
  /** Allocations (string/array building) one render may make. */
  memoryLimit: 10_000_000,
} as const;

function createEngine(mode: EscapeMode): Liquid {
  const escape =
    mode === 'html'
      ? (value: unknown) => escapeHtml(outputText(value))
      : mode === 'slack'
        ? (value: unknown) => escapeSlack(outputText(value))
        : undefined;
  const engine = new Liquid({
    // An in-memory template map that stays empty: nothing is ever looked up on the filesystem.
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    outputEscape: escape,
    parseLimit: TEMPLATE_LIMITS.parseLimit,
    renderLimit: TEMPLATE_LIMITS.renderLimit,
    memoryLimit: TEMPLATE_LIMITS.memoryLimit,
    timezoneOffset: 0,
  });
  for (const tag of FILE_TAGS) delete engine.tags[tag];
  return engine;
}

const engines = new Map<EscapeMode, Liquid>();

/** One engine per escape mode (parsing binds the output escape, so a parse is per mode). */
export function liquidEngine(mode: EscapeMode): Liquid {
  let engine = engines.get(mode);
  if (!engine) {
    engine = createEngine(mode);
    engines.set(mode, engine);
  }
  return engine;
}

export type { Template as LiquidTemplate };
