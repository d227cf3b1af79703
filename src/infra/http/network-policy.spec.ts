import { type CidrRange, parseCidr } from '../../config/cidr-range.js';
import { addressPolicy, describeRefusal } from './network-policy.js';

const cidrs = (...texts: string[]): CidrRange[] =>
  texts.map((text) => {
    const parsed = parseCidr(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  });

const LINK_LOCAL = [
  '169.254.169.254',
  '169.254.0.1',
  '169.254.170.2', // ECS task metadata
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
  '64:ff9b::a9fe:a9fe',
  '2002:a9fe:a9fe::1',
  'fe80::1',
  'fe80::1%eth0',
  '[fe80::1]',
  'febf:ffff::1',
  'fd00:ec2::254',
  '100.100.100.200',
];

describe('addressPolicy(false)', () => {
  const check = addressPolicy(false);

  it.each([['127.0.0.1'], ['10.1.2.3'], ['::1'], ['fd12::1'], ...LINK_LOCAL.map((a) => [a])])(
    'refuses %s as non-public',
    (address) => {
      expect(check(address)).toEqual({ allowed: false, reason: 'non-public' });
    },
  );

  it.each([['8.8.8.8'], ['2606:4700:4700::1111']])('allows the public %s', (address) => {
    expect(check(address)).toEqual({ allowed: true });
  });

  it('uses the narrower non-public test a deployment gives it', () => {
    const custom = addressPolicy(false, (address) => address !== '127.0.0.1');
    expect(custom('127.0.0.1')).toEqual({ allowed: true });
    expect(custom('10.0.0.1')).toEqual({ allowed: false, reason: 'non-public' });
  });
});

describe('addressPolicy(true)', () => {
  const check = addressPolicy(true);

  it.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['172.16.0.1'],
    ['192.168.1.1'],
    ['100.64.0.1'],
    ['::1'],
    ['fd12:3456::1'],
    ['fd00:ec2::1'],
    ['::ffff:10.0.0.1'],
    ['8.8.8.8'],
  ])('allows the private or public %s', (address) => {
    expect(check(address)).toEqual({ allowed: true });
  });

  it.each(LINK_LOCAL.map((a) => [a]))('keeps the link-local / metadata address %s refused', (address) => {
    expect(check(address)).toEqual({ allowed: false, reason: 'link-local' });
  });

  it('refuses what is not an IP address', () => {
    expect(check('metadata.google.internal')).toEqual({ allowed: false, reason: 'not-an-address' });
  });
});

describe('addressPolicy(list of CIDRs)', () => {
  const check = addressPolicy(cidrs('10.0.0.0/8', 'fd00::/8', '169.254.169.254/32'));

  it.each([['10.0.0.1'], ['10.255.255.255'], ['::ffff:10.2.3.4'], ['fd00:ec2::254'], ['fd12::1'], ['169.254.169.254']])(
    'allows %s inside a listed range',
    (address) => {
      expect(check(address)).toEqual({ allowed: true });
    },
  );

  it.each([['8.8.8.8'], ['11.0.0.0'], ['2a00:1450:4007:80f::200e']])('allows the public %s', (address) => {
    expect(check(address)).toEqual({ allowed: true });
  });

  it.each([['127.0.0.1'], ['192.168.1.1'], ['::1'], ['fc00::1'], ['169.254.169.253'], ['fe80::1']])(
    'refuses the non-public %s outside the list, naming the list',
    (address) => {
      expect(check(address)).toEqual({
        allowed: false,
        reason: 'not-listed',
        listed: ['10.0.0.0/8', 'fd00::/8', '169.254.169.254/32'],
      });
    },
  );

  it('opens link-local only as far as a listed CIDR covers it', () => {
    const linkLocal = addressPolicy(cidrs('169.254.0.0/16', 'fe80::/10'));
    expect(linkLocal('169.254.169.254')).toEqual({ allowed: true });
    expect(linkLocal('fe80::1%eth0')).toEqual({ allowed: true });
    expect(linkLocal('127.0.0.1')).toMatchObject({ allowed: false, reason: 'not-listed' });
  });

  it('an empty list is as strict as false', () => {
    expect(addressPolicy([])('10.0.0.1')).toMatchObject({ allowed: false, reason: 'not-listed', listed: [] });
    expect(addressPolicy([])('1.1.1.1')).toEqual({ allowed: true });
  });
});

describe('describeRefusal', () => {
  it('names the address and the setting that would allow it', () => {
    expect(describeRefusal('feeds.test', '10.0.0.1', { reason: 'non-public' })).toBe(
      "feeds.test resolves to the non-public address 10.0.0.1; allowPrivateNetwork: true (or a list of CIDRs covering 10.0.0.1) on the source would allow it; a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:",
    );
    expect(describeRefusal('169.254.169.254', '169.254.169.254', { reason: 'link-local' })).toBe(
      "169.254.169.254 resolves to the link-local / cloud metadata address 169.254.169.254, which allowPrivateNetwork: true does not open; list a CIDR covering it (allowPrivateNetwork: [169.254.169.254/32]) to allow it; a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:",
    );
    expect(describeRefusal('h', 'fe80::1', { reason: 'link-local' })).toContain('allowPrivateNetwork: ["fe80::1/128"]');
    expect(describeRefusal('h', '127.0.0.1', { reason: 'not-listed', listed: ['10.0.0.0/8'] })).toBe(
      "h resolves to the non-public address 127.0.0.1, outside allowPrivateNetwork [10.0.0.0/8]; add a CIDR covering 127.0.0.1 to that list to allow it; a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:",
    );
  });
});
