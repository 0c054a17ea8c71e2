import type { PrismaClient } from '@publishing/db';
import type { Logger } from '@publishing/logging';
import { Sleeper } from '../concurrency/sleeper';
import { processingPublicationIds, refreshPublications } from '../deliveries/publication-status';
import { errorMessage } from '../logging/error-message';
import type { WorkerEvents } from '../worker-events';
import { startNextDuePublication, type StartedPublication } from './claim-due-publications';

export interface SchedulerOptions {
  db: PrismaClient;
  logger: Logger;
  events: WorkerEvents;
  pollIntervalMs: number;
  maxLatenessSeconds: number;
  /** True while the sender has nothing to send: statuses may be final, refresh at once. */
  senderIdle?: () => boolean;
  /** While deliveries flow, statuses are re-derived at most this often. */
  statusRefreshMs?: number;
}

/**
 * Due publications and statuses: every poll interval it claims each due publication (exactly
 * once across workers) and fans it out into deliveries, then re-derives the status and
 * `channel_results` of the publications this worker touched and of every one in progress (so a
 * crashed worker's publication is moved on by the others).
 */
export class Scheduler {
  private readonly sleeper = new Sleeper();
  private readonly dirty = new Set<string>();
  private lastRefreshAt = 0;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  /** A publication whose deliveries changed: its status is re-derived at the next refresh. */
  touch(publicationId: string): void {
    this.dirty.add(publicationId);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the loop (after the tick in progress). */
  async stop(): Promise<void> {
    this.sleeper.stop();
    await this.loop;
  }

  /** Claims and fans out every due publication. */
  async startDuePublications(): Promise<StartedPublication[]> {
    const { db, logger, events } = this.options;
    const started: StartedPublication[] = [];
    while (!this.sleeper.isStopped) {
      const publication = await startNextDuePublication(db, {
        maxLatenessSeconds: this.options.maxLatenessSeconds,
      });
      if (!publication) break;
      started.push(publication);
      this.dirty.add(publication.id);
      events.publicationStarted(publication);
      if (publication.status === 'failed') {
        logger.warn(
          {
            publication_id: publication.id,
            late_by_seconds: Math.round(publication.lateBySeconds),
          },
          'publication too late, not sent',
        );
      } else {
        logger.info(
          { publication_id: publication.id, deliveries_created: publication.deliveriesCreated },
          'publication started',
        );
      }
    }
    return started;
  }

  /** Derives status and channel_results of publications touched here and of all in progress. */
  async refreshPublicationStatuses(): Promise<void> {
    this.lastRefreshAt = Date.now();
    const touched = [...this.dirty];
    this.dirty.clear();
    try {
      const ids = new Set([...touched, ...(await processingPublicationIds(this.options.db))]);
      const refreshed = await refreshPublications(this.options.db, [...ids]);
      for (const publication of refreshed) {
        if (publication.status !== 'processing' && touched.includes(publication.id)) {
          this.options.logger.info(
            { publication_id: publication.id, status: publication.status },
            'publication status',
          );
        }
      }
    } catch (error) {
      for (const id of touched) this.dirty.add(id);
      throw error;
    }
  }

  private async run(): Promise<void> {
    const refreshEvery = this.options.statusRefreshMs ?? 1000;
    while (!this.sleeper.isStopped) {
      try {
        await this.startDuePublications();
        const refreshDue = Date.now() - this.lastRefreshAt >= refreshEvery;
        const idle = this.options.senderIdle?.() ?? false;
        if (refreshDue || (idle && this.dirty.size > 0)) await this.refreshPublicationStatuses();
      } catch (error) {
        this.options.logger.error({ error: errorMessage(error) }, 'scheduler tick failed');
      }
      await this.sleeper.sleep(this.options.pollIntervalMs);
    }
  }
}
