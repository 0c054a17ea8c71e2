import { isRecord } from './variable-definitions';

/** A string leaf of `content_structure` with its JSON path. */
export interface TemplateString {
  path: string;
  source: string;
  /** Leaves named `body_html` or `*_html` hold HTML and are rendered with HTML escaping. */
  html: boolean;
}

export const ROOT_PATH = 'content_structure';

/** Every string in a content structure, depth first, in key order. */
export function templateStrings(value: unknown, path = ROOT_PATH, key = ''): TemplateString[] {
  if (typeof value === 'string') return [{ path, source: value, html: isHtmlKey(key) }];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => templateStrings(item, `${path}[${index}]`, key));
  }
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([name, item]) =>
      templateStrings(item, `${path}.${name}`, name),
    );
  }
  return [];
}

export function isHtmlKey(key: string): boolean {
  return key === 'body_html' || key.endsWith('_html');
}
