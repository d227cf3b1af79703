/**
 * A source's id rule (`idPattern`): a regular expression with exactly one capture group, whose
 * capture is the id a record is joined and served by (`^(\d+)` turns `1230[P+R Name]` into `1230`).
 * Pure; used where the config is validated and where records are joined.
 */
export function parseIdPattern(source: string): { regex: RegExp } | { error: string } {
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (error) {
    return { error: `not a regular expression: ${(error as Error).message}` };
  }
  // An alternative that matches the empty string makes exec() report every group of the pattern.
  const groups = (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
  if (groups !== 1) {
    return {
      error:
        `needs exactly one capture group, the part of the id to join on (e.g. '^(\\d+)'); it has ${groups}` +
        (groups > 1 ? ' (write the others as (?:...))' : ''),
    };
  }
  return { regex };
}

/** The id a record is joined by: the capture of `regex`, else the id unchanged (no match, or an empty capture). */
export function joinId(regex: RegExp, id: string): string {
  const captured = regex.exec(id)?.[1];
  return captured === undefined || captured === '' ? id : captured;
}
