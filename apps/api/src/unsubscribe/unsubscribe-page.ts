import type { UnsubscribeOutcome } from './unsubscribe.service';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** GET: asks before acting, so link scanners that prefetch URLs unsubscribe nobody. */
export function confirmationPage(outcome: UnsubscribeOutcome, token: string): string {
  if (outcome.alreadyUnsubscribed) {
    return page('You are unsubscribed', '<p>You will not receive these emails any more.</p>');
  }
  const who = outcome.maskedEmail ? ` for <strong>${escapeHtml(outcome.maskedEmail)}</strong>` : '';
  return page(
    'Unsubscribe?',
    `<p>Stop all emails${who}?</p>
<form method="post" action="?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function donePage(outcome: UnsubscribeOutcome): string {
  return page(
    'You are unsubscribed',
    `<p>${outcome.alreadyUnsubscribed ? 'You were already unsubscribed.' : 'Done: you will not receive these emails any more.'}</p>`,
  );
}
