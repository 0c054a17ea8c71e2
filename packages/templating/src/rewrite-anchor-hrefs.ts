import { Parser } from 'htmlparser2';
import { escapeHtml } from './escape';

/** Where an HTML document's `</body>` starts, or -1: a `</body>` inside a comment does not count. */
export interface RewrittenHtml {
  html: string;
  bodyEnd: number;
}

/**
 * Replaces the `href` of every `<a>` for which `rewrite` returns a value (given the decoded URL,
 * trimmed), leaving every other byte of the document as it was: the attribute's name and
 * spacing are kept and only its value is replaced, always double-quoted and HTML-escaped. Only
 * the first `href` of an anchor counts, as in a browser; comments, scripts and attribute values
 * that contain `<a href>` or `>` are not anchors.
 */
export function rewriteAnchorHrefs(
  html: string,
  rewrite: (url: string) => string | undefined,
): RewrittenHtml {
  const edits: { start: number; end: number; text: string }[] = [];
  let tag = '';
  let hrefSeen = false;
  let bodyEnd = -1;
  const parser = new Parser(
    {
      onopentagname(name) {
        tag = name;
        hrefSeen = false;
      },
      onattribute(name, value) {
        if (tag !== 'a' || name !== 'href' || hrefSeen) return;
        hrefSeen = true;
        const replacement = rewrite(value.trim());
        if (replacement === undefined) return;
        const start = parser.startIndex;
        const end = parser.endIndex;
        const original = html.slice(start, end);
        const equals = original.indexOf('=');
        if (equals === -1) return;
        // Spacing after "=" belongs to the value's side: keep it, replace from the value on.
        const prefix = original
          .slice(0, equals + 1)
          .concat(/^\s*/.exec(original.slice(equals + 1))?.[0] ?? '');
        edits.push({ start, end, text: `${prefix}"${escapeHtml(replacement)}"` });
      },
      onclosetag(name) {
        if (name === 'body' && bodyEnd === -1) bodyEnd = parser.startIndex;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  let result = '';
  let cursor = 0;
  let shift = 0;
  for (const edit of edits) {
    result += html.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
    if (bodyEnd !== -1 && edit.end <= bodyEnd) shift += edit.text.length - (edit.end - edit.start);
  }
  result += html.slice(cursor);
  return { html: result, bodyEnd: bodyEnd === -1 ? -1 : bodyEnd + shift };
}
