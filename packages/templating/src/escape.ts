const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * Slack's mrkdwn treats `<...>` as links and mentions (`<!channel>` pings everyone), so values
 * get the three escapes Slack documents; `*_~` formatting in a value is harmless and kept.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** How an output value becomes text: `null`/`undefined` render as nothing, like Liquid does. */
export function outputText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      // undefined; functions and symbols never come from JSON data.
      return '';
  }
}
