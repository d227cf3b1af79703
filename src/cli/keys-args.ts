/** `npm run keys -- create --name "..." [--per-minute N] | list | revoke <id|prefix>` */
export type KeysCommand =
  | { command: 'create'; name: string; perMinute?: number }
  | { command: 'list' }
  | { command: 'revoke'; idOrPrefix: string };

export const KEYS_USAGE = `usage: npm run keys -- create --name "<name>" [--per-minute <n>]
       npm run keys -- list
       npm run keys -- revoke <id|prefix>`;

/** Parses the arguments; a string is the error to print with the usage. */
export function parseKeysArgs(argv: string[]): KeysCommand | string {
  const [command, ...rest] = argv;
  if (command === 'list' && rest.length === 0) return { command: 'list' };
  if (command === 'revoke')
    return rest.length === 1 ? { command: 'revoke', idOrPrefix: rest[0] } : 'revoke takes one id or prefix';
  if (command !== 'create') return command === undefined ? 'no command' : `unknown command "${command}"`;
  let name: string | undefined;
  let perMinute: number | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--name') name = value.trim();
    else if (flag === '--per-minute') {
      perMinute = Number(value);
      if (!Number.isInteger(perMinute) || perMinute < 1) return '--per-minute must be a positive integer';
    } else return `unknown option ${flag}`;
  }
  if (name === undefined || name === '') return 'create needs --name';
  return { command: 'create', name, ...(perMinute === undefined ? {} : { perMinute }) };
}
