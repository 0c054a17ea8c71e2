import { hostRefusal, nonPublicRange } from './target-policy';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
  ])('refuses the IPv4 address %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['017700000001', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0xa9.0xfe.0xa9.0xfe', 'linkLocal'],
  ])(
    'reads the decimal, octal and hex IPv4 spelling %s as the system resolver does',
    (address, range) => {
      expect(nonPublicRange(address)).toBe(range);
    },
  );

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'teredo'],
    ['64:ff9b:1::1', 'rfc6052'],
    // IPv4-compatible (deprecated) and unassigned space: outside 2000::/3
    ['::7f00:1', 'reserved'],
    ['4000::1', 'reserved'],
  ])('refuses the IPv6 address %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
  ])('judges the IPv6 form %s by the IPv4 address it embeds (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('accepts the public address %s', (address) => {
    expect(nonPublicRange(address)).toBeUndefined();
  });
});

describe('hostRefusal', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LocalHost.', 'localhost'],
    ['api.localhost', 'localhost'],
    ['[::1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['2130706433', 'loopback'],
    [' 10.0.0.1 ', 'private'],
  ])('refuses %s without a DNS lookup (%s)', (host, range) => {
    expect(hostRefusal(host)).toBe(range);
  });

  it.each(['hooks.slack.com', 'localhost.example.com', 'mylocalhost', '8.8.8.8', '[2606:4700::1]'])(
    'leaves %s to the check after resolution',
    (host) => {
      expect(hostRefusal(host)).toBeUndefined();
    },
  );
});
