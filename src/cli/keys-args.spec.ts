import { parseKeysArgs } from './keys-args.js';

describe('keys CLI arguments', () => {
  it('parses create, list and revoke', () => {
    expect(parseKeysArgs(['create', '--name', 'city app', '--per-minute', '600'])).toEqual({
      command: 'create',
      name: 'city app',
      perMinute: 600,
    });
    expect(parseKeysArgs(['create', '--name', 'x'])).toEqual({ command: 'create', name: 'x' });
    expect(parseKeysArgs(['list'])).toEqual({ command: 'list' });
    expect(parseKeysArgs(['revoke', 'mh_abcdefgh'])).toEqual({ command: 'revoke', idOrPrefix: 'mh_abcdefgh' });
  });

  it('names what is wrong', () => {
    expect(parseKeysArgs([])).toBe('no command');
    expect(parseKeysArgs(['create'])).toBe('create needs --name');
    expect(parseKeysArgs(['create', '--name'])).toBe('--name needs a value');
    expect(parseKeysArgs(['create', '--name', 'a', '--per-minute', '0'])).toBe(
      '--per-minute must be a positive integer',
    );
    expect(parseKeysArgs(['create', '--nmae', 'a'])).toBe('unknown option --nmae');
    expect(parseKeysArgs(['revoke'])).toBe('revoke takes one id or prefix');
    expect(parseKeysArgs(['delete'])).toBe('unknown command "delete"');
  });
});
