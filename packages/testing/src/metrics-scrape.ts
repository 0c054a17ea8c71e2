/** One sample of Prometheus's text exposition format: `name{label="value",…} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape, with the lookups tests need. */
export class MetricSamples {
  constructor(
    readonly samples: MetricSample[],
    /** `# TYPE` of each metric family. */
    readonly types: ReadonlyMap<string, string>,
  ) {}

  /** Every sample named `name` whose labels include `labels`. */
  find(name: string, labels: Record<string, string> = {}): MetricSample[] {
    return this.samples.filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }

  /** The value of the one sample named `name` with exactly `labels`; undefined when absent. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const wanted = Object.keys(labels).length;
    const matches = this.find(name, labels).filter(
      (sample) => Object.keys(sample.labels).length === wanted,
    );
    if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match`);
    return matches[0]?.value;
  }

  /** Every label value of every sample. */
  labelValues(): string[] {
    return this.samples.flatMap((sample) => Object.values(sample.labels));
  }
}

/** GETs `url` and parses the answer; throws unless it is a 200 in the text format. */
export async function scrapeMetrics(url: string): Promise<MetricSamples> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain; version=0.0.4'))
    throw new Error(`GET ${url}: Content-Type ${type} is not the Prometheus text format`);
  return parseMetrics(text);
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;

/** Parses the text exposition format (version 0.0.4); throws on a line it cannot read. */
export function parseMetrics(text: string): MetricSamples {
  const samples: MetricSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const typed = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (typed) types.set(typed[1]!, typed[2]!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    samples.push({
      name: match[1]!,
      labels: parseLabels(match[2] ?? '', line),
      value: parseValue(match[3]!, line),
    });
  }
  return new MetricSamples(samples, types);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`Unreadable labels in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, escaped: string) =>
      escaped === 'n' ? '\n' : escaped,
    );
  }
  return labels;
}

/** As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(text: string, line: string): number {
  const special = /^([+-]?)(inf|nan)$/i.exec(text);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const value = Number(text);
  if (Number.isNaN(value) || text === '') throw new Error(`Unreadable value in: ${line}`);
  return value;
}
