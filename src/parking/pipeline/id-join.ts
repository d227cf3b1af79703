import { ErrorCode } from '../../common/error-codes.js';
import { joinId, parseIdPattern } from '../../common/id-pattern.js';
import type { ParseWarning } from '../parking.model.js';
import type { PollInput } from './poll-changes.js';

/** At most this many unjoined ids are named in the warning. */
const LISTED = 20;

const compiled = new Map<string, RegExp | undefined>();

/**
 * Applies the source's id rule (`idPattern`, validated at config load) to every realtime and
 * static record, so that `1230[P+R Name]` and `1230` are one car park, then, when the source has a
 * non-empty static reference, lists the realtime ids that found no static facility (their car parks
 * are served without the static's name and position) in one STATIC_UNJOINED warning. Static
 * facilities without a realtime record are normal (car parks without sensors): only counted. Pure:
 * returns a new input, the records given are not changed.
 */
export function joinIds(input: PollInput, idPattern?: string): PollInput {
  const regex = idPattern === undefined ? undefined : compile(idPattern);
  const rekey = <T extends { localId: string }>(list: T[]): T[] =>
    regex === undefined ? list : list.map((r) => withId(r, joinId(regex, r.localId)));
  const parsed = {
    ...input.parsed,
    facilities: rekey(input.parsed.facilities),
    observations: rekey(input.parsed.observations),
  };
  const reference = input.reference === undefined ? undefined : rekey(input.reference);
  const warning = reference === undefined ? undefined : unjoinedWarning(parsed, reference);
  if (warning !== undefined) parsed.warnings = [...parsed.warnings, warning];
  return { ...input, parsed, reference };
}

function compile(pattern: string): RegExp | undefined {
  if (!compiled.has(pattern)) {
    const parsed = parseIdPattern(pattern);
    compiled.set(pattern, 'regex' in parsed ? parsed.regex : undefined);
  }
  return compiled.get(pattern);
}

function withId<T extends { localId: string }>(record: T, localId: string): T {
  return localId === record.localId ? record : { ...record, localId };
}

function unjoinedWarning(
  parsed: PollInput['parsed'],
  reference: NonNullable<PollInput['reference']>,
): ParseWarning | undefined {
  if (reference.length === 0) return undefined;
  const staticIds = new Set(reference.map((f) => f.localId));
  const realtimeIds = new Set<string>();
  for (const list of [parsed.facilities, parsed.observations]) for (const r of list) realtimeIds.add(r.localId);
  const unjoined = [...realtimeIds].filter((id) => !staticIds.has(id));
  if (unjoined.length === 0) return undefined;
  const orphans = [...staticIds].filter((id) => !realtimeIds.has(id)).length;
  const named = unjoined.slice(0, LISTED).join(', ');
  const more = unjoined.length > LISTED ? ` and ${unjoined.length - LISTED} more` : '';
  return {
    code: ErrorCode.STATIC_UNJOINED,
    message:
      `${plural(unjoined.length, 'realtime id')} ${unjoined.length === 1 ? 'has' : 'have'} no facility in the static ` +
      `reference: ${named}${more} (${plural(orphans, 'static facility', 'static facilities')} ` +
      `${orphans === 1 ? 'has' : 'have'} no realtime record); see idPattern`,
    ref: 'static',
  };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
