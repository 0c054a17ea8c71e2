import type { LookupAddress } from 'node:dns';
import { guardedLookup, TargetRefusedError, type Resolver } from './guarded-lookup';

const resolverOf =
  (addresses: LookupAddress[]): Resolver =>
  (_hostname, _options, callback) =>
    callback(null, addresses);

function lookUp(resolve: Resolver, allowPrivateTargets: boolean, all: boolean) {
  return new Promise<{ error: unknown; address: unknown; family: unknown }>((done) => {
    guardedLookup({ allowPrivateTargets }, resolve)(
      'hooks.example.test',
      { all },
      (error, address, family) => done({ error, address, family }),
    );
  });
}

describe('guardedLookup', () => {
  const publicOnly = [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ];
  const mixed = [
    { address: '93.184.215.14', family: 4 },
    { address: '::ffff:10.0.0.7', family: 6 },
  ];

  it('answers the checked addresses in the form the caller asked for', async () => {
    expect(await lookUp(resolverOf(publicOnly), false, true)).toEqual({
      error: null,
      address: publicOnly,
      family: undefined,
    });
    expect(await lookUp(resolverOf(publicOnly), false, false)).toEqual({
      error: null,
      address: '93.184.215.14',
      family: 4,
    });
  });

  it('refuses a name when any of its addresses is not public, naming the range', async () => {
    const { error } = await lookUp(resolverOf(mixed), false, true);
    expect(error).toBeInstanceOf(TargetRefusedError);
    expect(error).toMatchObject({
      code: 'ETARGETREFUSED',
      host: 'hooks.example.test',
      range: 'private',
    });
    expect((error as Error).message).toMatch(
      /^hooks\.example\.test resolves to an address that is not public \(private\);.*ALLOW_PRIVATE_TARGETS=true/,
    );
  });

  it('lets private addresses through when the policy allows them', async () => {
    expect((await lookUp(resolverOf(mixed), true, true)).address).toEqual(mixed);
  });

  it("passes the resolver's own errors on, and treats no address as not found", async () => {
    const failing: Resolver = (_hostname, _options, callback) =>
      callback(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), []);
    expect((await lookUp(failing, false, false)).error).toMatchObject({ code: 'EAI_AGAIN' });
    expect((await lookUp(resolverOf([]), false, false)).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
