import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { isoTimeField } from './iso-time.js';
import { fileLines } from './stdout-lines.js';
import { currentLogContext } from './log-context.js';
import { currentSecrets, isSecretName, REDACTED, redactText, redactValue } from './log-redactor.js';
import { pinoNumber, pinoString, type AccessLine, type AccessLineWriter } from './access-line.js';

export type LogFormat = 'json' | 'pretty';
/** LOG_LEVEL: each level includes the ones before it. */
export type HubLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const ORDER: HubLogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const PINO_LEVEL = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const;

export interface HubLoggerOptions {
  format: LogFormat;
  level: HubLogLevel;
  /** Where JSON lines go (stdout by default); tests pass a sink. */
  destination?: DestinationStream;
  /** `pretty` only: ANSI colours. Default: only when stdout is a terminal (never in a file or a pipe). */
  colors?: boolean;
}

interface Entry {
  message: string;
  context?: string;
  stack?: string;
  fields: Record<string, unknown>;
}

/**
 * The Nest LoggerService of the hub, over pino. `json`: one JSON object per line (level, time,
 * context, requestId / sourceId when inside a request or a poll, msg, extra fields) for log
 * shippers. `pretty`: Nest's usual console lines, for people (coloured on a terminal only). Both
 * are redacted (log-redactor). main.ts picks `json` when stdout is not a terminal (app-config logFormat).
 */
export class HubLogger implements LoggerService, AccessLineWriter {
  private readonly enabled: Set<LogLevel>;
  private readonly json?: PinoLogger;
  /** `json` only: where pino writes, and what writeAccessLine writes to as well. */
  private readonly destination?: DestinationStream;
  private readonly pidField = `,"pid":${process.pid}`;
  private readonly console?: ConsoleLogger;

  constructor(options: HubLoggerOptions) {
    this.enabled = new Set<LogLevel>(['fatal', ...ORDER.slice(0, ORDER.indexOf(options.level) + 1)]);
    if (options.format === 'json') {
      // Asynchronous, batched, flushed at exit: see fileLines.
      this.destination = options.destination ?? fileLines();
      this.json = pino(
        {
          level: 'trace',
          base: { pid: process.pid },
          messageKey: 'msg',
          timestamp: () => isoTimeField(),
          formatters: { level: (label) => ({ level: label }) },
        },
        this.destination,
      );
    } else {
      this.console = new ConsoleLogger({
        logLevels: [...this.enabled],
        // On a terminal Nest decides (NO_COLOR honoured); in a file or a pipe, never.
        colors: options.colors ?? (process.stdout.isTTY === true ? undefined : false),
      });
    }
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * The common case (an object of fields and a context, e.g. every access-log line), written the
   * way toEntry + the general path would write it, without their intermediate copies.
   */
  private writeFields(json: PinoLogger, level: LogLevel, message: Record<string, unknown>, context: string): void {
    const secrets = currentSecrets();
    const line: Record<string, unknown> = {};
    for (const key of Object.keys(message)) {
      if (key === 'message' || key === 'msg') continue;
      line[key] = isSecretName(key) ? REDACTED : redactValue(message[key], secrets, 1);
    }
    line.context = context;
    const ctx = currentLogContext();
    if (ctx.requestId !== undefined) line.requestId = ctx.requestId;
    if (ctx.sourceId !== undefined) line.sourceId = ctx.sourceId;
    json[PINO_LEVEL[level]](line, redactText(String(message.message ?? message.msg ?? ''), secrets));
  }

  /**
   * An access-log line, the same bytes as `log(line, context)` / `debug(line, context)` write through
   * writeFields and pino (pino's key order, level label, time and pid fields, string escaping;
   * every string field redacted, the log context's requestId in place and its sourceId after the
   * context), built as one string: the held-answer path writes thousands a second. The hub-logger
   * access-line spec compares both on varied lines.
   */
  writeAccessLine(level: 'log' | 'debug', line: AccessLine, context: string): boolean {
    if (this.destination === undefined) return false;
    if (!this.enabled.has(level)) return true;
    const secrets = currentSecrets();
    const ctx = currentLogContext();
    let out =
      `${level === 'log' ? '{"level":"info"' : '{"level":"debug"'}${isoTimeField()}${this.pidField}` +
      `,"method":${pinoString(redactText(line.method, secrets))}` +
      `,"path":${pinoString(redactText(line.path, secrets))}` +
      `,"route":${pinoString(redactText(line.route, secrets))}` +
      `,"status":${pinoNumber(line.status)},"durationMs":${pinoNumber(line.durationMs)}`;
    if (line.aborted === true) out += ',"aborted":true';
    out += `,"requestId":${pinoString(ctx.requestId ?? redactText(line.requestId, secrets))}`;
    out += `,"context":${pinoString(context)}`;
    if (ctx.sourceId !== undefined) out += `,"sourceId":${pinoString(ctx.sourceId)}`;
    this.destination.write(`${out},"msg":${pinoString(redactText(line.message, secrets))}}\n`);
    return true;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.enabled.has(level);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    if (this.json !== undefined && isFieldsWithContext(message, params)) {
      this.writeFields(this.json, level, message, params[0] as string);
      return;
    }
    const entry = toEntry(message, params);
    const ctx = currentLogContext();
    const secrets = currentSecrets();
    if (this.json !== undefined) {
      const fields = redactValue({ ...entry.fields }, secrets) as Record<string, unknown>;
      const line = {
        ...fields,
        context: entry.context,
        ...ctx,
        ...(entry.stack ? { stack: redactText(entry.stack, secrets) } : {}),
      };
      this.json[PINO_LEVEL[level]](line, redactText(entry.message, secrets));
      return;
    }
    const tags = [ctx.requestId && `req ${ctx.requestId}`, ctx.sourceId && `source ${ctx.sourceId}`].filter(Boolean);
    const text = redactText(tags.length > 0 ? `${entry.message} (${tags.join(', ')})` : entry.message, secrets);
    const tail = entry.context === undefined ? [] : [entry.context];
    if (level === 'error' || level === 'fatal') {
      this.console?.[level](text, ...(entry.stack ? [redactText(entry.stack, secrets)] : []), ...tail);
    } else {
      this.console?.[level](text, ...tail);
    }
  }
}

function isFieldsWithContext(message: unknown, params: unknown[]): message is Record<string, unknown> {
  return (
    params.length === 1 &&
    typeof params[0] === 'string' &&
    message !== null &&
    typeof message === 'object' &&
    !(message instanceof Error) &&
    !Array.isArray(message)
  );
}

/** Nest's convention: the last string parameter is the context; for errors, a stack may come before it. */
function toEntry(message: unknown, params: unknown[]): Entry {
  const rest = [...params];
  const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
  const stack = rest.find((p): p is string => typeof p === 'string' && p.includes('\n'));
  const entry: Entry = { message: '', context, stack, fields: {} };
  if (message instanceof Error) {
    entry.message = message.message;
    entry.stack ??= message.stack;
  } else if (message !== null && typeof message === 'object') {
    const { message: text, msg, ...fields } = message as Record<string, unknown>;
    entry.message = String(text ?? msg ?? '');
    entry.fields = fields;
  } else {
    entry.message = String(message);
  }
  return entry;
}
