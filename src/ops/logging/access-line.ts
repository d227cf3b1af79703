/** The fields of one access-log line, in the order HttpAccessLog writes them. */
export interface AccessLine {
  message: string;
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  aborted?: true;
  requestId: string;
}

/** Writes access-log lines without Nest's Logger and pino's general path (HubLogger in `json` format). */
export interface AccessLineWriter {
  /** false when this writer does not write JSON lines: the caller logs through Nest's Logger. */
  writeAccessLine(level: 'log' | 'debug', line: AccessLine, context: string): boolean;
}

const nodeMajor = Number(process.versions.node.split('.')[0]);

/**
 * A string as pino 10 writes it (its `asString`): from Node 25 JSON.stringify; before, short strings
 * without control characters get only `"` and `\` escaped (a lone surrogate stays as it is, where
 * JSON.stringify would write `\udxxx`), anything else JSON.stringify.
 */
export const pinoString = nodeMajor >= 25 ? (str: string): string => JSON.stringify(str) : shortPinoString;

function shortPinoString(str: string): string {
  const length = str.length;
  if (length > 100) return JSON.stringify(str);
  let result = '';
  let last = 0;
  let found = false;
  let point = 255;
  for (let i = 0; i < length && point >= 32; i++) {
    point = str.charCodeAt(i);
    if (point === 34 || point === 92) {
      result += `${str.slice(last, i)}\\`;
      last = i;
      found = true;
    }
  }
  if (point < 32) return JSON.stringify(str);
  return `"${found ? result + str.slice(last) : str}"`;
}

/** pino's number: non-finite ones are null. */
export function pinoNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
