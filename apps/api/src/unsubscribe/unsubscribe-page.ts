import { escapeHtml } from '@publishing/templating';
import { htmlPage as page } from '../common/html-page';
import type { UnsubscribeOutcome } from './unsubscribe.service';

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
