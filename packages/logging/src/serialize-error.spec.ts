import { stdSerializers } from 'pino';
import { serializeError } from './serialize-error';

describe('serializeError', () => {
  const failure = () =>
    Object.assign(new Error('connect failed'), {
      code: 'E_CONNECT',
      config: { host: 'db', password: 'hunter2' },
      request: { headers: { authorization: 'Bearer abc', accept: 'application/json' } },
    });

  it('keeps type, message, stack and own fields, and replaces credential fields at any depth', () => {
    expect(serializeError(failure())).toEqual({
      type: 'Error',
      message: 'connect failed',
      stack: expect.stringMatching(/\n\s+at /) as unknown,
      code: 'E_CONNECT',
      config: { host: 'db', password: '***' },
      request: { headers: { authorization: '***', accept: 'application/json' } },
    });
  });

  it('redacts what pino’s own serializer already made of an error, as pino-http hands it over', () => {
    const serialized = serializeError(stdSerializers.err(failure())) as Record<string, unknown>;

    expect(serialized.config).toEqual({ host: 'db', password: '***' });
    expect(JSON.stringify(serialized)).not.toMatch(/hunter2|Bearer abc/);
  });
});
