import type { PrismaClient } from '@publishing/db';
import { STILL_SENDING } from './still-sending';

/**
 * What happened to one claimed delivery:
 * - `sent`; `failed` (permanent, or transient with no attempt left) with a classified reason;
 * - `retry`: transient failure, back to `pending` in `delayMs`;
 * - `released`: not attempted (shutdown, deferred by the channel's rate limit, or `windowFull`:
 *   held back at its slot because its channel's last second was full): back to `pending` (in
 *   `delayMs` when given) and the claim's attempt is given back;
 * Delays are added to the database's clock, not the worker's, so clock skew cannot move them.
 * - `cancelled`: its publication was cancelled before it was sent.
 */
export type DeliveryOutcome =
  | { id: string; publicationId: string; kind: 'sent'; providerMessageId?: string }
  | { id: string; publicationId: string; kind: 'failed'; reason: string; error: string }
  | {
      id: string;
      publicationId: string;
      kind: 'retry';
      reason: string;
      error: string;
      delayMs: number;
    }
  | {
      id: string;
      publicationId: string;
      kind: 'released';
      delayMs?: number;
      windowFull?: boolean;
    }
  | { id: string; publicationId: string; kind: 'cancelled' };

interface OutcomeRow {
  id: string;
  status: 'sent' | 'failed' | 'pending' | 'cancelled';
  attempts_delta: number;
  delay_ms: number | null;
  last_error: string | null;
  failure_reason: string | null;
  provider_message_id: string | null;
  sent: boolean;
}

/** Error texts are bounded; providers sometimes answer with whole HTML pages. */
const MAX_ERROR_LENGTH = 1000;

/**
 * Writes a batch of outcomes in one statement. Only rows still claimed by this worker and still
 * `sending` are updated: if this worker's lease expired and another worker retook a delivery, the
 * stale result is dropped rather than overwriting the newer claim. Returns the ids written.
 */
export async function recordOutcomes(
  db: PrismaClient,
  workerId: string,
  outcomes: readonly DeliveryOutcome[],
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const rows = outcomes.map(toRow);
  const written = await db.$queryRaw<{ id: string }[]>`
    UPDATE publishing_deliveries d
       SET status = o.status,
           attempts = d.attempts + o.attempts_delta,
           next_attempt_at = CASE WHEN o.delay_ms IS NULL THEN d.next_attempt_at
                                  ELSE now() + o.delay_ms * interval '1 millisecond' END,
           last_error = COALESCE(o.last_error, d.last_error),
           failure_reason = o.failure_reason,
           provider_message_id = COALESCE(o.provider_message_id, d.provider_message_id),
           sent_at = CASE WHEN o.sent THEN now() ELSE d.sent_at END,
           claimed_by = NULL,
           claim_expires_at = NULL,
           updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(
             id uuid, status delivery_status, attempts_delta int, delay_ms bigint,
             last_error text, failure_reason varchar(64), provider_message_id varchar(255), sent boolean)
     WHERE d.id = o.id AND d.claimed_by = ${workerId} AND ${STILL_SENDING}
    RETURNING d.id::text AS id`;
  return new Set(written.map((row) => row.id));
}

function toRow(outcome: DeliveryOutcome): OutcomeRow {
  const base = {
    id: outcome.id,
    attempts_delta: 0,
    delay_ms: null,
    last_error: null,
    failure_reason: null,
    provider_message_id: null,
    sent: false,
  };
  switch (outcome.kind) {
    case 'sent':
      return {
        ...base,
        status: 'sent',
        sent: true,
        provider_message_id: outcome.providerMessageId?.slice(0, 255) ?? null,
      };
    case 'failed':
      return {
        ...base,
        status: 'failed',
        failure_reason: outcome.reason.slice(0, 64),
        last_error: outcome.error.slice(0, MAX_ERROR_LENGTH),
      };
    case 'retry':
      return {
        ...base,
        status: 'pending',
        delay_ms: Math.max(0, Math.round(outcome.delayMs)),
        last_error: `${outcome.reason}: ${outcome.error}`.slice(0, MAX_ERROR_LENGTH),
      };
    case 'released':
      return {
        ...base,
        status: 'pending',
        attempts_delta: -1,
        delay_ms: outcome.delayMs === undefined ? null : Math.max(0, Math.round(outcome.delayMs)),
      };
    case 'cancelled':
      return { ...base, status: 'cancelled' };
  }
}
