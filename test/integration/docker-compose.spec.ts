import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Docker cannot run on the dev machines; this keeps docker-compose.yml honest by reading it. */
describe('docker-compose.yml', () => {
  const doc = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        build?: string;
        environment?: Record<string, string>;
        deploy?: { replicas?: number };
        depends_on?: Record<string, { condition: string }>;
        healthcheck?: unknown;
      }
    >;
  };

  it('runs redis, postgres, two api replicas and a worker', () => {
    expect(Object.keys(doc.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(doc.services.api.deploy?.replicas).toBe(2);
    expect(doc.services.api.environment?.HUB_ROLE).toBe('api');
    expect(doc.services.worker.environment?.HUB_ROLE).toBe('worker');
  });

  it('points both hub roles at the compose redis and postgres, and waits for them to be healthy', () => {
    for (const name of ['api', 'worker']) {
      const service = doc.services[name];
      expect(service.build).toBe('.');
      expect(service.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/hub:hub@postgres:5432\//);
      expect(service.depends_on).toEqual({
        redis: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    }
    expect(doc.services.redis.healthcheck).toBeDefined();
    expect(doc.services.postgres.healthcheck).toBeDefined();
  });

  it('has a Dockerfile that builds and starts the compiled hub', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main.js"\]/);
  });
});
