import { ParseException } from '../../../common/app-exception.js';

/** Decodes UTF-8 (a leading BOM is tolerated) and parses JSON; unreadable bytes throw ParseException. */
export function readJsonPayload(bytes: Buffer, formatName: string): unknown {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseException(`${formatName}: payload is not valid JSON (${reason})`);
  }
}
