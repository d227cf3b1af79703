import type { z } from 'zod';
import { AppException } from '../app-exception.js';
import { ErrorCode } from '../error-codes.js';
import { nearestName } from './nearest-name.js';

/** One refused parameter: `error.details` lists `parameter` and `message`; `line` goes in `error.message`. */
interface ParameterProblem {
  parameter: string;
  message: string;
  line: string;
}

/** A route's query, validated: the values its schema gives, and the unknown names left aside. */
export interface ParsedQuery<T> {
  params: T;
  /** Unknown parameters (a cache-buster such as `_`), sorted; they change nothing. */
  ignored: string[];
}

/** Validates a query object with a zod schema; a failure is a 400 naming each bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  throw badRequest(zodProblems(result.error));
}

/**
 * Validates the query of a route against the route's zod object (docs/interface.md § Query
 * parameters). Names the schema does not know are ignored and returned, unless one is a likely
 * typo of a known name (`radus`, `limt`, `minfree`): that is a 400 naming the nearest one, since
 * the client meant a filter it would otherwise silently not get. A known parameter given twice is
 * a 400 saying so. Every problem is reported at once.
 */
export function parseRouteQuery<S extends z.ZodObject>(schema: S, query: unknown): ParsedQuery<z.infer<S>> {
  const given = (query ?? {}) as Record<string, unknown>;
  const known = Object.keys(schema.shape);
  const picked: Record<string, unknown> = {};
  const problems: ParameterProblem[] = [];
  for (const name of known) {
    const value = given[name];
    if (Array.isArray(value)) problems.push(repeated(name, value.length));
    else if (value !== undefined) picked[name] = value;
  }
  const ignored: string[] = [];
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const problem = unknownNameProblem(name, known);
    if (problem === undefined) ignored.push(name);
    else problems.push(problem);
  }
  const result = schema.safeParse(picked);
  if (!result.success) problems.push(...zodProblems(result.error));
  if (problems.length > 0) throw badRequest(problems);
  return { params: result.data as z.infer<S>, ignored: ignored.sort() };
}

/**
 * What is wrong with a name the schema does not know, or undefined when it is simply not ours
 * (ignored). `limit[]` and `from[a]` (the query parser keeps brackets) name a known parameter
 * in a form it does not take; a name a few edits from a known one is taken for a typo of it.
 */
function unknownNameProblem(name: string, known: string[]): ParameterProblem | undefined {
  const bare = name.replace(/\[.*$/, '');
  if (bare !== name && known.includes(bare)) {
    const message = `give one value, as ${bare}=value (not ${name})`;
    return { parameter: bare, message, line: `${bare}: ${message}` };
  }
  const meant = nearestName(bare, known);
  if (meant === undefined) return undefined;
  const message = `unknown parameter; did you mean ${meant}?`;
  return { parameter: name, message, line: `unknown parameter ${name}; did you mean ${meant}?` };
}

/** `?limit=1&limit=2`: the query parser gives an array, which would read as NaN or "1,2". */
function repeated(name: string, times: number): ParameterProblem {
  const message = `given ${times} times; give it once`;
  return { parameter: name, message, line: `${name}: ${message}` };
}

function zodProblems(error: z.ZodError): ParameterProblem[] {
  return error.issues.map((i) => {
    const parameter = i.path.join('.') || '(query)';
    return { parameter, message: i.message, line: `${parameter}: ${i.message}` };
  });
}

function badRequest(problems: ParameterProblem[]): AppException {
  return new AppException(ErrorCode.BAD_REQUEST, problems.map((p) => p.line).join('; '), {
    details: problems.map(({ parameter, message }) => ({ parameter, message })),
  });
}

/** `meta.ignored` of a list answer: present only when the query held unknown parameters. */
export function ignoredMeta(ignored: string[]): { ignored?: string[] } {
  return ignored.length === 0 ? {} : { ignored };
}
