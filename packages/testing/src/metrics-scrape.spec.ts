import { parseMetrics } from './metrics-scrape';

describe('parseMetrics', () => {
  const scrape = parseMetrics(
    [
      '# HELP app_requests_total Requests.',
      '# TYPE app_requests_total counter',
      'app_requests_total{method="GET",route="/a/:id",status_code="200"} 3',
      'app_requests_total{method="GET",route="/a/:id",status_code="404"} 1',
      'app_requests_total{method="GET",route="say \\"hi\\", \\\\ok\\nbye",status_code="200"} 2',
      '# TYPE app_duration_seconds histogram',
      'app_duration_seconds_bucket{le="0.1",route="/a/:id"} 4',
      'app_duration_seconds_bucket{le="+Inf",route="/a/:id"} 4',
      'app_up 1 1700000000000',
      'app_lag NaN',
      'app_lag_mean Nan',
      '',
    ].join('\n'),
  );

  it('reads names, labels (escapes included), values and types', () => {
    expect(
      scrape.value('app_requests_total', { method: 'GET', route: '/a/:id', status_code: '404' }),
    ).toBe(1);
    expect(scrape.find('app_requests_total', { status_code: '200' })).toHaveLength(2);
    expect(scrape.labelValues()).toContain('say "hi", \\ok\nbye');
    expect(scrape.value('app_duration_seconds_bucket', { le: '+Inf', route: '/a/:id' })).toBe(4);
    expect(scrape.value('app_up')).toBe(1);
    expect(scrape.value('app_lag')).toBeNaN();
    expect(scrape.value('app_lag_mean')).toBeNaN();
    expect(scrape.value('app_missing')).toBeUndefined();
    expect(scrape.types.get('app_duration_seconds')).toBe('histogram');
  });

  it('values a sample by its exact label set; two identical samples are an error', () => {
    expect(scrape.value('app_requests_total', { status_code: '404' })).toBeUndefined();
    expect(() => parseMetrics('a{x="1"} 1\na{x="1"} 2').value('a', { x: '1' })).toThrow(
      '2 samples of a match',
    );
  });

  it('refuses what is not the text format', () => {
    expect(() => parseMetrics('<html>')).toThrow('Not a sample line: <html>');
    expect(() => parseMetrics('a{x=1} 1')).toThrow('Unreadable labels in: a{x=1} 1');
    expect(() => parseMetrics('a one')).toThrow('Unreadable value in: a one');
  });
});
