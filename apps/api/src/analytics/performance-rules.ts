/** What PostgreSQL counted for one channel over the window. */
export interface ChannelPerformance {
  channel_id: string;
  name: string;
  channel_type: string;
  is_active: boolean;
  /** Deliveries created in the window, by outcome. */
  sent: number;
  failed: number;
  unique_opens: number;
  unique_clicks: number;
  unsubscribes: number;
  bounces: number;
  complaints: number;
}

type Severity = 'critical' | 'warning' | 'info';

export interface Recommendation {
  type: string;
  severity: Severity;
  channel_id: string | null;
  channel_name: string | null;
  metric: string | null;
  value: number | null;
  threshold: number | null;
  message: string;
}

/** A rate is judged only on at least this many deliveries (or openers): fewer is noise. */
export const MIN_SAMPLE = 20;

interface Rule {
  type: string;
  severity: Severity;
  metric: string;
  /** The rate is `part / sample`. */
  sample: (channel: ChannelPerformance) => number;
  part: (channel: ChannelPerformance) => number;
  /** The rate is a problem when above (or below) this threshold. */
  above?: number;
  below?: number;
  advice: (channel: string, rate: string) => string;
}

export const RULES: readonly Rule[] = [
  {
    type: 'delivery_failures',
    severity: 'critical',
    metric: 'failure_rate',
    sample: (c) => c.sent + c.failed,
    part: (c) => c.failed,
    above: 0.1,
    advice: (channel, rate) =>
      `${rate} of deliveries on "${channel}" failed: check its configuration and credentials.`,
  },
  {
    type: 'spam_complaints',
    severity: 'critical',
    metric: 'complaint_rate',
    sample: (c) => c.sent,
    part: (c) => c.complaints,
    above: 0.001,
    advice: (channel, rate) =>
      `${rate} of recipients on "${channel}" reported spam: confirm consent and make unsubscribing easy.`,
  },
  {
    type: 'high_bounce_rate',
    severity: 'warning',
    metric: 'bounce_rate',
    sample: (c) => c.sent,
    part: (c) => c.bounces,
    above: 0.05,
    advice: (channel, rate) =>
      `${rate} of deliveries on "${channel}" bounced: remove invalid addresses.`,
  },
  {
    type: 'high_unsubscribe_rate',
    severity: 'warning',
    metric: 'unsubscribe_rate',
    sample: (c) => c.sent,
    part: (c) => c.unsubscribes,
    above: 0.02,
    advice: (channel, rate) =>
      `${rate} of recipients on "${channel}" unsubscribed: review frequency and relevance.`,
  },
  {
    type: 'low_open_rate',
    severity: 'warning',
    metric: 'open_rate',
    sample: (c) => c.sent,
    part: (c) => c.unique_opens,
    below: 0.15,
    advice: (channel, rate) =>
      `Only ${rate} of recipients on "${channel}" opened: test subject lines and send times.`,
  },
  {
    type: 'low_click_to_open_rate',
    severity: 'info',
    metric: 'click_to_open_rate',
    sample: (c) => c.unique_opens,
    part: (c) => c.unique_clicks,
    below: 0.05,
    advice: (channel, rate) =>
      `Only ${rate} of openers on "${channel}" clicked: make calls to action clearer.`,
  },
];

/** `part / whole` to 4 decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Recommendations from the numbers, worst first; each names the figure and threshold it rests on. */
export function recommend(channels: readonly ChannelPerformance[]): Recommendation[] {
  const found: Recommendation[] = [];
  let judged = 0;
  for (const channel of channels) {
    for (const rule of RULES) {
      const sample = rule.sample(channel);
      if (sample < MIN_SAMPLE) continue;
      judged++;
      const value = rate(rule.part(channel), sample) ?? 0;
      const threshold = rule.above ?? rule.below ?? 0;
      const breached =
        rule.above !== undefined ? value > rule.above : value < (rule.below ?? -Infinity);
      if (!breached) continue;
      found.push({
        type: rule.type,
        severity: rule.severity,
        channel_id: channel.channel_id,
        channel_name: channel.name,
        metric: rule.metric,
        value,
        threshold,
        message: rule.advice(channel.name, `${(value * 100).toFixed(1)}%`),
      });
    }
  }
  if (judged === 0) {
    found.push({
      type: 'insufficient_data',
      severity: 'info',
      channel_id: null,
      channel_name: null,
      metric: null,
      value: null,
      threshold: MIN_SAMPLE,
      message: `No channel has ${MIN_SAMPLE} deliveries or ${MIN_SAMPLE} openers in this window: not enough data to judge performance.`,
    });
  }
  return found.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
