import type { PrismaClient } from '@publishing/db';
import type { Logger } from '@publishing/logging';
import { extendClaims } from '../deliveries/extend-claims';
import type { StartRequest } from '../deliveries/mark-started';
import { errorMessage } from '../logging/error-message';

export interface ClaimHeartbeatOptions {
  db: PrismaClient;
  workerId: string;
  claimLeaseSeconds: number;
  logger: Logger;
  /** The claims held here and not started: the ones to renew. */
  unstarted: () => StartRequest[];
}

/**
 * Every third of the claim lease, renews the claims held here and not started, so a delivery
 * waiting for its slot or a place in the pool keeps its claim while this worker lives, and comes
 * back within one claim lease when it dies. One renewal runs at a time.
 */
export class ClaimHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: ClaimHeartbeatOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.beat(), (this.options.claimLeaseSeconds * 1000) / 4);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async beat(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { db, workerId, claimLeaseSeconds } = this.options;
      await extendClaims(db, workerId, claimLeaseSeconds, this.options.unstarted());
    } catch (error) {
      this.options.logger.error({ error: errorMessage(error) }, 'renewing claims failed');
    } finally {
      this.running = false;
    }
  }
}
