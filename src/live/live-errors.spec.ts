import type { Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { errorAck } from './live-errors.js';

function logger(): Logger & { warned: string[]; errors: string[] } {
  const warned: string[] = [];
  const errors: string[] = [];
  return {
    warned,
    errors,
    warn: (m: string) => warned.push(m),
    error: (m: string) => errors.push(m),
  } as unknown as Logger & { warned: string[]; errors: string[] };
}

describe('errorAck', () => {
  it('answers a Redis command timeout as the transient STORAGE_UNAVAILABLE, a warning without a stack', () => {
    const log = logger();
    const ack = errorAck(new Error('Command timed out'), log);
    expect(ack.error.code).toBe(ErrorCode.STORAGE_UNAVAILABLE);
    expect(ack.error.message).toContain('Command timed out');
    expect(log.warned).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });

  it('keeps coded errors and answers anything else INTERNAL, logged with its stack', () => {
    const log = logger();
    expect(errorAck(new AppException(ErrorCode.BAD_REQUEST, 'bad'), log).error).toEqual({
      code: ErrorCode.BAD_REQUEST,
      message: 'bad',
    });
    expect(errorAck(new TypeError('boom'), log).error).toEqual({ code: ErrorCode.INTERNAL, message: 'internal error' });
    expect(log.errors[0]).toContain('TypeError: boom');
  });
});
