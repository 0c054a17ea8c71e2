import { toEngineError } from './engine-error';

describe('engine errors', () => {
  it('hides passwords of URLs inside messages', () => {
    const error = toEngineError(new Error('cannot reach postgresql://app:s3cret@db:5432/x now'));
    expect(error.message).toBe('cannot reach postgresql://app:***@db:5432/x now');
  });

  it('maps connection failures to Prisma error codes', () => {
    expect(
      toEngineError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).errorCode,
    ).toBe('P1001');
    expect(toEngineError(Object.assign(new Error('auth'), { code: '28P01' })).errorCode).toBe(
      'P1000',
    );
    expect(toEngineError(Object.assign(new Error('missing'), { code: '3D000' })).errorCode).toBe(
      'P1003',
    );
  });
});
