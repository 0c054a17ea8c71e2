import type { PrismaClient } from '@publishing/db';
import type { ClaimedDelivery } from '../deliveries/claim-deliveries';
import type { RateLimitSettings } from '../rate-limit/rate-limit-of';
import { reserveSendSlots } from '../rate-limit/send-slots';

/**
 * A channel whose slots were booked this far ahead sends at its limit's pace, not this worker's:
 * its sends pass the channel's send window (`send-window.ts`) before they go. A channel far below
 * its limit (or effectively unlimited) books its slots at once and sends without the window.
 */
export const PACED_AHEAD_MS = 100;

export interface ChannelGroup {
  limit: RateLimitSettings;
  deliveries: ClaimedDelivery[];
}

export interface SlotPlan {
  /** Deliveries with a slot: each goes `waitMs` from now; `paced`: its channel is at its limit. */
  booked: { delivery: ClaimedDelivery; waitMs: number; paced: boolean }[];
  /** Deliveries another worker's bookings left no slot for: back to the table, due in `delayMs`. */
  deferred: { delivery: ClaimedDelivery; delayMs: number }[];
}

/**
 * Books every claimed delivery a slot of its channel's shared rate limit, all channels in one
 * statement (`reserveSendSlots`), within `horizonMs`. Slots are spaced by the channel's interval
 * from the first one granted; a channel whose row another worker booked first may grant fewer than
 * asked, and the rest is deferred to its next free slot (`fallbackDelayMs` when unknown). A
 * channel's deliveries are `paced` when its last slot granted is `PACED_AHEAD_MS` or more ahead.
 */
export async function bookSlots(
  db: PrismaClient,
  groups: ReadonlyMap<string, ChannelGroup>,
  horizonMs: number,
  fallbackDelayMs: number,
): Promise<SlotPlan> {
  const grants = await reserveSendSlots(
    db,
    [...groups].map(([channelId, group]) => ({
      channelId,
      wanted: group.deliveries.length,
      limit: group.limit,
    })),
    horizonMs,
  );
  const plan: SlotPlan = { booked: [], deferred: [] };
  for (const [channelId, group] of groups) {
    const grant = grants.get(channelId);
    const paced =
      grant !== undefined &&
      grant.granted > 0 &&
      grant.firstInMs + (grant.granted - 1) * grant.intervalMs >= PACED_AHEAD_MS;
    group.deliveries.forEach((delivery, index) => {
      if (grant && index < grant.granted)
        plan.booked.push({ delivery, waitMs: grant.firstInMs + index * grant.intervalMs, paced });
      else
        plan.deferred.push({
          delivery,
          delayMs: Math.max(0, grant?.nextFreeInMs ?? fallbackDelayMs),
        });
    });
  }
  return plan;
}
