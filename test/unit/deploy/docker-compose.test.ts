import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentSchema } from '../../../src/config/environment.js';

/**
 * Docker does not run here: the compose file, Dockerfile and .dockerignore are read as the tools would
 * read them and checked for what a deployment must hold.
 */
const root = new URL('../../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  user?: string;
  ports?: string[];
  profiles?: string[];
  restart?: string;
  healthcheck?: { test: unknown };
  environment?: Record<string, string>;
  volumes?: string[];
  env_file?: unknown;
  depends_on?: Record<string, unknown>;
  command?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const lgsServices = Object.entries(services).filter(([, s]) => s.build !== undefined);
/** Services that keep running (everything but one-shot commands). */
const longRunning = Object.entries(services).filter(([, s]) => s.restart !== 'no');

describe('docker-compose.yml', () => {
  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(published).toEqual(['127.0.0.1:8025:8025', '127.0.0.1:8080:8080']);
  });

  it('pins every image to a version (no latest, no bare major)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build !== undefined) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/);
    }
  });

  it('builds one image for every lgs service, under one name', () => {
    expect(lgsServices.map(([name]) => name).sort()).toEqual(['demo', 'demo-migrate', 'demo-worker', 'migrate', 'web', 'worker']);
    expect(new Set(lgsServices.map(([, s]) => s.image))).toEqual(new Set(['${LGS_IMAGE:-lgs-reports:local}']));
    expect(new Set(lgsServices.map(([, s]) => JSON.stringify(s.build)))).toEqual(new Set(['"."']));
  });

  it('runs the lgs services as the unprivileged user node', () => {
    for (const [name, service] of lgsServices) expect(service.user, name).toBe('node');
  });

  it('keeps the demo in its own profile, and nothing outside it waits for it', () => {
    expect(services.demo!.profiles).toEqual(['demo']);
    for (const [name, service] of Object.entries(services)) {
      if (service.profiles?.includes('demo')) continue;
      expect(Object.keys(service.depends_on ?? {}), name).not.toContain('demo');
    }
    expect(services.worker!.profiles).toBeUndefined();
    expect(services.web!.profiles).toEqual(['web']);
  });

  it('restarts every long-running service unless stopped, and checks its health', () => {
    expect(longRunning.map(([name]) => name).sort()).toEqual(['demo-postgres', 'demo-worker', 'mailpit', 'postgres', 'redis', 'web', 'worker']);
    for (const [name, service] of longRunning) {
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.healthcheck?.test, name).toBeDefined();
    }
  });

  it('takes its settings from .env, with defaults, and every one is explained in .env.example', () => {
    const text = read('docker-compose.yml');
    expect(services.worker!.environment!.SMTP_URL).toBe('${SMTP_URL:-smtp://mailpit:1025}');
    const variables = [...new Set([...text.matchAll(/\$\{(\w+):-/g)].map((m) => m[1]!))];
    const example = read('.env.example');
    for (const variable of variables) expect(example, variable).toMatch(new RegExp(`^#?${variable}=`, 'm'));
  });

  it("gives the demo its own database and home: never the live warehouse or lgs-home", () => {
    const demoServices = Object.entries(services).filter(([, s]) => s.profiles?.includes('demo'));
    expect(demoServices.map(([name]) => name).sort()).toEqual(['demo', 'demo-migrate', 'demo-postgres', 'demo-worker']);
    expect(services['demo-postgres']!.volumes).toEqual(['demo-warehouse:/var/lib/postgresql/data']);
    for (const [name, service] of demoServices) {
      expect(service.volumes ?? [], name).not.toContain('warehouse:/var/lib/postgresql/data');
      expect(service.volumes ?? [], name).not.toContain('lgs-home:/var/lib/lgs');
      expect(Object.keys(service.depends_on ?? {}), name).not.toContain('postgres');
      expect(Object.keys(service.depends_on ?? {}), name).not.toContain('migrate');
      if (service.build === undefined) continue;
      expect(service.environment!.DATABASE_URL, name).toMatch(/@demo-postgres:5432\//);
      expect(service.volumes, name).toEqual(['demo-home:/var/lib/lgs']);
    }
    for (const name of ['migrate', 'worker', 'web']) expect(services[name]!.environment!.DATABASE_URL, name).toMatch(/@postgres:5432\//);
  });

  it("runs the operator's schedules, mounted as a folder so edits reach the worker; the demo's only in the demo", () => {
    for (const name of ['worker', 'web']) {
      expect(services[name]!.environment!.LGS_SCHEDULES, name).toBe('${LGS_SCHEDULES:-/app/config/schedules.yaml}');
      expect(services[name]!.volumes, name).toContain('./config:/app/config:ro');
    }
    // A single-file bind mount keeps the old inode when an editor renames a new file over the old one.
    for (const [name, service] of lgsServices) {
      for (const volume of service.volumes ?? []) expect(volume, name).not.toMatch(/^\.\/config\/.+:/);
    }
    const usingDemoSchedules = lgsServices.filter(([, s]) => s.environment?.LGS_SCHEDULES?.includes('schedules.compose.yaml')).map(([name]) => name);
    expect(usingDemoSchedules.sort()).toEqual(['demo', 'demo-migrate', 'demo-worker']);
    const demoWorker = services['demo-worker']!;
    expect(demoWorker.command).toEqual(['worker']);
    expect(demoWorker.environment!.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(demoWorker.environment!.LGS_QUEUE).not.toBe(services.worker!.environment!.LGS_QUEUE ?? 'lgs-reports');
    expect(demoWorker.volumes ?? []).not.toContain('./config:/app/config:ro');
  });

  it('passes every variable environment.ts reads to the live lgs services: set by compose, or from .env', () => {
    for (const name of ['migrate', 'worker', 'web']) expect(services[name]!.env_file, name).toEqual([{ path: '.env', required: false }]);
    // The demo is the committed sample on Mailpit: none of the operator's settings.
    for (const name of ['demo', 'demo-migrate', 'demo-worker']) expect(services[name]!.env_file, name).toBeUndefined();
    const example = read('.env.example');
    // Set in the image (ENV NAME=value ...).
    const imageSets = new Set([...read('Dockerfile').matchAll(/^ENV\s+(.+)$/gm)].flatMap((m) => [...m[1]!.matchAll(/(\w+)=/g)].map((v) => v[1]!)));
    const notPassed = Object.keys(environmentSchema.shape).filter(
      (variable) =>
        !(variable in services.worker!.environment!) &&
        !(variable in services.web!.environment!) &&
        !imageSets.has(variable) &&
        // Anything else reaches the services only from .env: it must be there, explained, for an operator to set.
        !new RegExp(`^#?${variable}=`, 'm').test(example),
    );
    expect(notPassed).toEqual([]);
    // .env must not move the state out of the volume or point the services at another warehouse.
    for (const name of ['migrate', 'worker', 'web']) {
      expect(services[name]!.environment!.LGS_HOME, name).toBe('/var/lib/lgs');
      expect(services[name]!.environment!.DATABASE_URL, name).toBeDefined();
      expect(services[name]!.environment!.REDIS_URL, name).toBeDefined();
    }
  });

  it('migrates the schema once, before the worker, the page and the demo (its own database) start', () => {
    expect(services.migrate!.command).toEqual(['db', 'migrate']);
    for (const name of ['worker', 'web']) {
      expect((services[name]!.depends_on as Record<string, { condition: string }>).migrate, name).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services['demo-migrate']!.command).toEqual(['db', 'migrate']);
    expect((services.demo!.depends_on as Record<string, { condition: string }>)['demo-migrate']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('gives the page a session key that survives restarts (from .env, else kept in the lgs-home volume)', () => {
    expect(services.web!.environment!.LGS_SESSION_KEY).toBe('${LGS_SESSION_KEY:-}');
    expect(services.web!.environment!.LGS_HOME ?? '/var/lib/lgs').toBe('/var/lib/lgs');
    expect((services.web as { volumes: string[] }).volumes).toContain('lgs-home:/var/lib/lgs');
  });
});

describe('the image', () => {
  it('runs as the unprivileged user node', () => {
    const users = [...read('Dockerfile').matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('node');
  });

  it('never holds config/users.yaml or .env', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toContain('config/users.yaml');
    expect(ignored).toContain('.env');
  });
});
