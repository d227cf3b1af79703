import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { withCommandTimeout } from '../../src/infra/redis/command-timeout.js';

/** On the test Redis (no keys written): an answer that waited behind a busy loop is kept, a missing one fails. */
describe('withCommandTimeout', () => {
  const redis = withCommandTimeout(new Redis(TEST_REDIS_URL, { lazyConnect: true }), 200);

  beforeAll(() => redis.connect());
  // Not QUIT: it would wait behind the BLPOP still blocked in Redis.
  afterAll(() => redis.disconnect());

  it('keeps an answer that came while the event loop was held past the timeout', async () => {
    const answer = redis.ping();
    const until = Date.now() + 600;
    while (Date.now() < until) {
      // hold the loop, as thousands of handshakes at once do
    }
    await expect(answer).resolves.toBe('PONG');
  });

  it('fails a command without an answer after the timeout, with the outage message', async () => {
    const started = Date.now();
    await expect(redis.blpop(`test_cmd_timeout_${randomBytes(4).toString('hex')}`, 5)).rejects.toThrow(
      'Command timed out',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
