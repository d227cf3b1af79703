import { HostLimiter, httpHost, sourceUserAgent } from './host-limiter.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HostLimiter', () => {
  it('runs at most N tasks per host at once, in arrival order, other hosts unaffected', async () => {
    const limiter = new HostLimiter(2);
    const releases: Array<() => void> = [];
    const started: string[] = [];
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        releases.push(() => resolve(name));
      });
    const runs = ['a1', 'a2', 'a3', 'a4'].map((n) => limiter.run('a.example:443', task(n)));
    const other = limiter.run('b.example:443', task('b1'));
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(limiter.running('a.example:443')).toBe(2);
    releases[0]();
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const release of releases.slice(1)) release();
    await tick();
    releases[releases.length - 1]();
    await expect(Promise.all(runs)).resolves.toEqual(['a1', 'a2', 'a3', 'a4']);
    await expect(other).resolves.toBe('b1');
    expect(limiter.running('a.example:443')).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new HostLimiter(1);
    await expect(limiter.run('h', () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    await expect(limiter.run('h', () => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('httpHost and sourceUserAgent', () => {
  it('keys http(s) URLs by host:port and leaves files alone', () => {
    expect(httpHost('https://data.example.org/api/records?x=1')).toBe('data.example.org');
    expect(httpHost('http://127.0.0.1:8080/feed')).toBe('127.0.0.1:8080');
    expect(httpHost('/srv/feeds/parkings.json')).toBeUndefined();
  });

  it('names the source in the hub User-Agent', () => {
    expect(sourceUserAgent('MobilityHub/0.1.0 (+mailto:ops@example.org)', 'poitiers')).toBe(
      'MobilityHub/0.1.0 (+mailto:ops@example.org; source=poitiers)',
    );
    expect(sourceUserAgent('MobilityHub/0.1.0', 'x')).toBe('MobilityHub/0.1.0 (source=x)');
    expect(sourceUserAgent('MobilityHub/0.1.0', undefined)).toBe('MobilityHub/0.1.0');
  });
});
