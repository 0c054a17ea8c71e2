import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AnalyticsMetric, type Prisma } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { UnprocessableError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { type TrackClickQueryDto } from './dto/track-click-query.dto';
import { type OpenPixelQuery } from './open-pixel-query';
import { InvalidTrackingSignatureError } from './tracking-errors';
import { isRedirectableUrl, verifyClickSignature } from '@publishing/templating';

/** Who an event is about, once every id it names has been found. */
interface EventTarget {
  publicationId: string;
  channelId: string | null;
  channelType: string;
  subscriberId: string | null;
  userId: string | null;
}

/**
 * Where a click link leads: a redirect (links this service signed) or, for an unsigned link of
 * the Python service's emails, a page naming the destination.
 */
export type ClickOutcome = { kind: 'redirect' | 'legacy-page'; url: string };

/** Stored in `channel_type` (a required legacy column) when the event names no channel. */
const NO_CHANNEL_TYPE = 'unknown';

/**
 * Writes tracking events to `publishing_analytics`. An event is recorded only when every id it
 * names exists (and the channel is one of the publication's channels); otherwise nothing is.
 */
@Injectable()
export class TrackingService {
  private readonly logger = new Logger(TrackingService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  /** Records one open; never throws (the pixel answers its GIF whatever happens). */
  async recordOpen(pixel: OpenPixelQuery | undefined): Promise<boolean> {
    if (!pixel) return false;
    try {
      const target = await this.resolveTarget(pixel);
      if (!target) return false;
      await this.prisma.analyticsEvent.create({ data: eventData(target, 'open', {}) });
      return true;
    } catch (error) {
      this.logger.warn(`Open not recorded: ${describe(error)}`);
      return false;
    }
  }

  /**
   * Verifies the link's signature and returns the URL to redirect to; records the click, and an
   * open too when the subscriber has none for the publication (a click implies an open, whether
   * or not the pixel loaded). Recording is best effort: a signed link is followed regardless, and
   * `record: false` (the client is over its budget) follows it without recording. A link without
   * a signature (the Python service signed none) gets the legacy page instead of a redirect; its
   * click is recorded when its destination is http(s).
   */
  async followClick(query: TrackClickQueryDto, record: boolean): Promise<ClickOutcome> {
    const link = {
      publicationId: query.publication_id,
      url: query.url,
      channelId: query.channel_id,
      subscriberId: query.subscriber_id,
    };
    if (query.sig === undefined) {
      if (record && isRedirectableUrl(query.url))
        await this.recordClickQuietly({ ...link, userId: query.user_id });
      return { kind: 'legacy-page', url: query.url };
    }
    if (
      !verifyClickSignature(this.config.get('SIGNING_SECRET', { infer: true }), link, query.sig)
    ) {
      throw new InvalidTrackingSignatureError();
    }
    // Never signed by signedClickUrl; refused even with a valid signature.
    if (!isRedirectableUrl(query.url)) {
      throw new UnprocessableError('Only http(s) destinations are followed.', [
        { field: 'url', message: 'must be an http or https URL' },
      ]);
    }
    if (record) await this.recordClickQuietly(link);
    return { kind: 'redirect', url: query.url };
  }

  private async recordClickQuietly(link: OpenPixelQuery): Promise<void> {
    try {
      await this.recordClick(link);
    } catch (error) {
      this.logger.warn(`Click not recorded: ${describe(error)}`);
    }
  }

  private async recordClick(link: OpenPixelQuery): Promise<void> {
    const target = await this.resolveTarget({
      publicationId: link.publicationId.toLowerCase(),
      channelId: link.channelId?.toLowerCase(),
      subscriberId: link.subscriberId?.toLowerCase(),
      userId: link.userId?.toLowerCase(),
    });
    if (!target) return;
    await this.prisma.$transaction(async (tx) => {
      if (target.subscriberId) {
        // Serialises concurrent clicks of one subscriber on one publication, so the implied open
        // is written once.
        const lockKey = `implied-open:${target.publicationId}:${target.subscriberId}`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
        const opened = await tx.analyticsEvent.findFirst({
          where: {
            publicationId: target.publicationId,
            subscriberId: target.subscriberId,
            metricType: 'open',
          },
          select: { id: true },
        });
        if (!opened) {
          await tx.analyticsEvent.create({
            data: eventData(target, 'open', { implied_by: 'click' }),
          });
        }
      }
      await tx.analyticsEvent.create({ data: eventData(target, 'click', {}) });
    });
  }

  private async resolveTarget(ids: OpenPixelQuery): Promise<EventTarget | undefined> {
    const [publication, membership, subscriber] = await Promise.all([
      this.prisma.publication.findUnique({
        where: { id: ids.publicationId },
        select: { id: true },
      }),
      ids.channelId
        ? this.prisma.publicationChannel.findUnique({
            where: {
              publicationId_channelId: {
                publicationId: ids.publicationId,
                channelId: ids.channelId,
              },
            },
            select: { channel: { select: { channelType: true } } },
          })
        : undefined,
      ids.subscriberId
        ? this.prisma.subscriber.findUnique({
            where: { id: ids.subscriberId },
            select: { id: true, userId: true },
          })
        : undefined,
    ]);
    if (!publication) return undefined;
    if (ids.channelId && !membership) return undefined;
    if (ids.subscriberId && !subscriber) return undefined;
    return {
      publicationId: publication.id,
      channelId: ids.channelId ?? null,
      channelType: membership?.channel.channelType ?? NO_CHANNEL_TYPE,
      subscriberId: subscriber?.id ?? null,
      userId: ids.userId ?? subscriber?.userId ?? null,
    };
  }
}

function eventData(
  target: EventTarget,
  metricType: AnalyticsMetric,
  metadata: Prisma.InputJsonObject,
): Prisma.AnalyticsEventUncheckedCreateInput {
  return {
    publicationId: target.publicationId,
    channelId: target.channelId,
    channelType: target.channelType,
    subscriberId: target.subscriberId,
    userId: target.userId,
    metricType,
    metricValue: 1,
    metadataJson: { source: 'tracking', ...metadata },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
