import { trustProxy } from './trust-proxy';

describe('trustProxy', () => {
  it('is false when unset: the connection peer is the client', () => {
    expect(trustProxy().parse(undefined)).toBe(false);
  });

  it('reads a hop count', () => {
    expect(trustProxy().parse('2')).toBe(2);
  });

  it('reads addresses, CIDRs, netmasks and the named ranges Express knows', () => {
    expect(
      trustProxy().parse(' 10.0.0.0/8, fd00::/8 ,loopback,192.168.1.1, 172.16.0.0/255.240.0.0'),
    ).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback', '192.168.1.1', '172.16.0.0/255.240.0.0']);
  });

  it.each(['true', 'everyone', '10.0.0.0/33', '300.1.1.1', '1.5', '10.0.0.1,nope'])(
    'refuses %s with one message',
    (value) => {
      expect(
        trustProxy()
          .safeParse(value)
          .error?.issues.map((issue) => issue.message),
      ).toEqual([
        'must be a hop count (1) or comma-separated proxy addresses or CIDRs (10.0.0.0/8, loopback, linklocal, uniquelocal)',
      ]);
    },
  );
});
