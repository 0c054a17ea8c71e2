import type { DeliveryOutcome } from './deliveries/record-outcomes';
import type { StartedPublication } from './scheduler/claim-due-publications';

/**
 * What the worker reports as it goes, without knowing who listens: its metrics do
 * (`metrics/worker-metrics.ts`). Calls are synchronous and must not throw.
 */
export interface WorkerEvents {
  /** A due publication was claimed: fanned out, or failed as too late. */
  publicationStarted(publication: StartedPublication): void;
  /** A channel adapter's send returned or threw after `seconds`. */
  sendFinished(channelType: string, seconds: number): void;
  /**
   * A claimed delivery's outcome is known (it is written in the next batch). `channelType` is
   * `unknown` when the channel no longer exists.
   */
  deliverySettled(outcome: DeliveryOutcome, channelType: string): void;
  /** A claim statement ran and took `deliveries` rows to send. */
  deliveriesClaimed(deliveries: number): void;
}

export const ignoredEvents: WorkerEvents = {
  publicationStarted: () => undefined,
  sendFinished: () => undefined,
  deliverySettled: () => undefined,
  deliveriesClaimed: () => undefined,
};
