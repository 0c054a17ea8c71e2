import type { INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import { envelopeHandlerResults } from './envelope';

describe('envelopeHandlerResults', () => {
  function replies() {
    const sent: unknown[] = [];
    const adapter = {
      reply: (_response: Response, body: unknown, _status?: number) => void sent.push(body),
    };
    envelopeHandlerResults({ getHttpAdapter: () => adapter } as unknown as INestApplication);
    const response = { req: { correlationId: 'corr-1' } } as unknown as Response;
    return {
      sent,
      reply: (body: unknown, status?: number) => adapter.reply(response, body, status),
    };
  }

  it("wraps a handler's result, and an empty one as null data", () => {
    const { sent, reply } = replies();
    reply({ id: 1 }, 200);
    reply(undefined, 204);

    expect(sent).toEqual([
      {
        data: { id: 1 },
        meta: { timestamp: expect.any(String), request_id: 'corr-1' },
        errors: [],
      },
      { data: null, meta: { timestamp: expect.any(String), request_id: 'corr-1' }, errors: [] },
    ]);
  });

  it("leaves an error answer of Nest's own exception filter as it is", () => {
    const { sent, reply } = replies();
    reply({ statusCode: 500, message: 'Internal server error' }, 500);

    expect(sent).toEqual([{ statusCode: 500, message: 'Internal server error' }]);
  });
});
