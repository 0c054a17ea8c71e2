import type { PrismaClient } from '@publishing/db';
import { rateLimitOf, type RateLimitSettings } from './rate-limit-of';

export interface ChannelLimit {
  channelId: string;
  limit: RateLimitSettings;
}

/**
 * Every channel's rate limit (read from its configuration), loaded at most once per `ttlMs`:
 * the claim asks each channel for at most what its limit can send within the horizon.
 */
export class ChannelLimits {
  private loaded: ChannelLimit[] = [];
  private byId = new Map<string, RateLimitSettings>();
  private loadedAt = -Infinity;

  constructor(
    private readonly db: PrismaClient,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<ChannelLimit[]> {
    if (this.now() - this.loadedAt < this.ttlMs) return this.loaded;
    const rows = await this.db.channel.findMany({
      select: { id: true, channelType: true, configuration: true },
    });
    this.loaded = rows.map((row) => ({
      channelId: row.id,
      limit: rateLimitOf(row.channelType, isRecord(row.configuration) ? row.configuration : {}),
    }));
    this.byId = new Map(this.loaded.map((entry) => [entry.channelId, entry.limit]));
    this.loadedAt = this.now();
    return this.loaded;
  }

  of(channelId: string): RateLimitSettings | undefined {
    return this.byId.get(channelId);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
