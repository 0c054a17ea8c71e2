import { Writable } from 'node:stream';
import { createLogger, type LoggerOptions } from './create-logger';

const SECRET = 'hunter2-topsecret';

/** A logger writing into an array of parsed lines. */
function capturedLogger(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ name: 'test-service', level: 'debug', destination, ...options });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON object per line with name, level label, time and message', () => {
    const { logger, records } = capturedLogger({ base: { worker_id: 'w1' } });

    logger.info({ publication_id: 'p1' }, 'publication started');

    expect(records()).toEqual([
      expect.objectContaining({
        level: 'info',
        name: 'test-service',
        worker_id: 'w1',
        publication_id: 'p1',
        msg: 'publication started',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      }),
    ]);
  });

  it('drops lines below its level', () => {
    const { logger, records } = capturedLogger({ level: 'warn' });

    logger.info('not shown');
    logger.warn('shown');

    expect(records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('never writes a credential: fields, nested headers, messages, bindings, errors', () => {
    const { logger, lines } = capturedLogger();
    const url = `postgresql://app:${SECRET}@127.0.0.1:1/db?password=${SECRET}&sslpassword=${SECRET}`;
    const error = Object.assign(new Error(`connect failed for ${url}`), {
      config: { password: SECRET },
    });

    logger.info(
      { request: { headers: { authorization: `Bearer ${SECRET}`, 'X-API-Key': SECRET } } },
      'in',
    );
    logger.warn(
      { configuration: { smtp_password: SECRET, webhook_url: `https://h.test/${SECRET}` } },
      'cfg',
    );
    logger.error(`database ${url} is down`);
    logger.error({ err: error }, 'failed');
    logger.error(error);
    logger.child({ database_url: url, token: SECRET }).info('child');
    logger.info({ detail: `retrying ${url}` }, 'nested url in a field');

    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line, line).not.toContain(SECRET);
    expect(lines.join('\n')).toContain(
      'postgresql://app:***@127.0.0.1:1/db?password=***&sslpassword=***',
    );
  });

  it('keeps the bindings of every generation of children', () => {
    const { logger, records } = capturedLogger();

    logger.child({ a: 1 }).child({ b: 2, api_key: SECRET }).info('deep');

    expect(records()[0]).toEqual(expect.objectContaining({ a: 1, b: 2, api_key: '***' }));
  });

  it('keeps the stack of a logged error, redacted', () => {
    const { logger, records } = capturedLogger();

    logger.error({ err: new Error(`boom at postgresql://u:${SECRET}@h/db`) }, 'unexpected');

    const [record] = records();
    const err = record?.err as { type: string; message: string; stack: string };
    expect(err.type).toBe('Error');
    expect(err.message).toBe('boom at postgresql://u:***@h/db');
    expect(err.stack).toMatch(/\n\s+at /);
  });

  it('writes pretty, single-level lines in development, still redacted', () => {
    const { logger, lines } = capturedLogger({ environment: 'development' });

    logger.warn({ password: SECRET }, `cannot reach postgresql://u:${SECRET}@h/db`);

    const output = lines.join('\n');
    expect(output).toMatch(/WARN.*\(test-service\): cannot reach postgresql:\/\/u:\*\*\*@h\/db/);
    expect(output).not.toContain(SECRET);
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
  });
});
