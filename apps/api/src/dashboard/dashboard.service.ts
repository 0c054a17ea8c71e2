import { Injectable } from '@nestjs/common';
import {
  AlertStatus,
  AnalyticsMetric,
  ChannelType,
  DeliveryStatus,
  Prisma,
  PublicationStatus,
  SubscriptionStatus,
} from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';

interface CountRow {
  key: string;
  total: bigint;
}

interface ChannelCountRow extends CountRow {
  active: bigint;
}

export interface Breakdown<K extends string> {
  total: number;
  by_status: Record<K, number>;
}

export interface DashboardOverview {
  /** The database time the counts were taken at (one consistent snapshot). */
  as_of: string;
  channels: {
    total: number;
    active: number;
    by_type: Record<ChannelType, { total: number; active: number }>;
  };
  subscribers: Breakdown<SubscriptionStatus>;
  publications: Breakdown<PublicationStatus> & { scheduled_next_24h: number };
  events_last_7_days: { total: number; by_metric: Record<AnalyticsMetric, number> };
  deliveries: Breakdown<DeliveryStatus>;
  alerts: Breakdown<AlertStatus>;
}

/** Counts for the dashboard, each computed by PostgreSQL, all in one REPEATABLE READ snapshot. */
@Injectable()
export class DashboardService {
  constructor(private readonly prisma: PrismaService) {}

  async overview(): Promise<DashboardOverview> {
    const db = this.prisma;
    const [now, channels, subscribers, publications, scheduledSoon, events, deliveries, alerts] =
      await db.$transaction(
        [
          db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`,
          db.$queryRaw<ChannelCountRow[]>`
            SELECT channel_type::text AS key, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE is_active) AS active
              FROM publishing_channels GROUP BY channel_type`,
          db.$queryRaw<CountRow[]>`
            SELECT subscription_status::text AS key, COUNT(*) AS total
              FROM publishing_subscribers GROUP BY subscription_status`,
          db.$queryRaw<CountRow[]>`
            SELECT status::text AS key, COUNT(*) AS total
              FROM publishing_publications GROUP BY status`,
          db.$queryRaw<{ total: bigint }[]>`
            SELECT COUNT(*) AS total FROM publishing_publications
             WHERE status = 'scheduled'
               AND scheduled_time >= now() AND scheduled_time < now() + interval '24 hours'`,
          db.$queryRaw<CountRow[]>`
            SELECT metric_type::text AS key, COUNT(*) AS total
              FROM publishing_analytics
             WHERE recorded_at >= now() - interval '7 days'
             GROUP BY metric_type`,
          db.$queryRaw<CountRow[]>`
            SELECT status::text AS key, COUNT(*) AS total
              FROM publishing_deliveries GROUP BY status`,
          db.$queryRaw<CountRow[]>`
            SELECT status::text AS key, COUNT(*) AS total
              FROM publishing_alerts GROUP BY status`,
        ],
        { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
      );
    const channelsByType = Object.fromEntries(
      Object.values(ChannelType).map((type) => {
        const row = channels.find((candidate) => candidate.key === type);
        return [type, { total: Number(row?.total ?? 0), active: Number(row?.active ?? 0) }];
      }),
    ) as DashboardOverview['channels']['by_type'];
    const eventsByMetric = countsFor(AnalyticsMetric, events);
    return {
      as_of: (now[0]?.now ?? new Date()).toISOString(),
      channels: {
        total: sum(Object.values(channelsByType).map((type) => type.total)),
        active: sum(Object.values(channelsByType).map((type) => type.active)),
        by_type: channelsByType,
      },
      subscribers: breakdown(SubscriptionStatus, subscribers),
      publications: {
        ...breakdown(PublicationStatus, publications),
        scheduled_next_24h: Number(scheduledSoon[0]?.total ?? 0),
      },
      events_last_7_days: { total: sum(Object.values(eventsByMetric)), by_metric: eventsByMetric },
      deliveries: breakdown(DeliveryStatus, deliveries),
      alerts: breakdown(AlertStatus, alerts),
    };
  }
}

/** Every value of the enum, zero when PostgreSQL found none. */
function countsFor<K extends string>(
  values: Record<string, K>,
  rows: CountRow[],
): Record<K, number> {
  return Object.fromEntries(
    Object.values(values).map((value) => [
      value,
      Number(rows.find((row) => row.key === value)?.total ?? 0),
    ]),
  ) as Record<K, number>;
}

function breakdown<K extends string>(values: Record<string, K>, rows: CountRow[]): Breakdown<K> {
  const byStatus = countsFor(values, rows);
  return { total: sum(Object.values(byStatus)), by_status: byStatus };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
