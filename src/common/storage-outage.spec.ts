import { isRedisOutage, redisOutageException } from './storage-outage.js';

describe('Redis outage errors', () => {
  it('recognises the errors ioredis raises when Redis does not answer', () => {
    for (const message of [
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Command timed out',
      'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
      'Connection is closed.',
      'connect ECONNREFUSED 127.0.0.1:6390',
    ]) {
      expect(isRedisOutage(new Error(message))).toBe(true);
    }
  });

  it('leaves server replies and other errors alone', () => {
    const reply = new Error('Connection is closed (as a value)');
    reply.name = 'ReplyError';
    expect(isRedisOutage(reply)).toBe(false);
    expect(isRedisOutage(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isRedisOutage('Command timed out')).toBe(false);
  });

  it('becomes a transient STORAGE_UNAVAILABLE', () => {
    const e = redisOutageException(new Error('Command timed out'));
    expect(e.code).toBe('STORAGE_UNAVAILABLE');
    expect(e.transient).toBe(true);
    expect(e.message).toBe('redis unavailable: Command timed out');
  });
});
