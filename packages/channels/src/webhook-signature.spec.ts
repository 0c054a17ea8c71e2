import { createHmac } from 'node:crypto';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const body = '{"a":1}';
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const mac = createHmac('sha256', 'sekret').update(`1700000000.${body}`).digest('hex');
    expect(webhookSignature('sekret', body, 1_700_000_000)).toBe(`t=1700000000,v1=${mac}`);
  });

  it('verifies within the tolerance only, and only the exact body', () => {
    const header = webhookSignature('sekret', body, 1_700_000_000);
    expect(verifyWebhookSignature('sekret', header, body, { now: 1_700_000_100 })).toBe(true);
    expect(verifyWebhookSignature('sekret', header, body, { now: 1_700_000_301 })).toBe(false);
    expect(verifyWebhookSignature('sekret', header, '{"a":2}', { now: 1_700_000_000 })).toBe(false);
    expect(verifyWebhookSignature('other', header, body, { now: 1_700_000_000 })).toBe(false);
    expect(verifyWebhookSignature('sekret', undefined, body)).toBe(false);
  });
});
