import type { DatabaseOptions } from '@obeya/db';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** A comma-separated setting as its trimmed, non-empty entries. */
const list = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** An IPv4 or IPv6 address or CIDR range, or one of the named ranges Fastify knows. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: LogLevelSchema.default('info'),
  WEB_DIST: z.string().optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(3650).default(120),
  DEMO_HISTORY_PACE: z.coerce.number().positive().max(100).default(1),
  TRUSTED_ORIGINS: z.string().default(''),
  TRUST_PROXY: z
    .string()
    .default('')
    .refine((v) => list(v).every(isProxyEntry), {
      message: 'must list addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated',
    }),
});

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseOptions;
  logLevel: z.infer<typeof LogLevelSchema>;
  /** Folder of the built web app; null serves the API only. */
  webDist: string | null;
  /** Seed the demo board when the database has no board yet. */
  seedDemo: boolean;
  /**
   * The demo board's simulated past: calendar days of it (0: none) ending at startup, and its pace
   * (how many times a small team's flow; a year at pace 14 finishes some 5 000 cards).
   */
  demoHistory: DemoHistory;
  /**
   * Origins (e.g. `https://obeya.example.com`) whose pages may use a session cookie, besides the
   * server's own host; needed when a proxy changes the Host header.
   */
  trustedOrigins: string[];
  /**
   * Addresses of the load balancers or proxies in front of this node, whose X-Forwarded-For is
   * believed: sign-in limits then count per person's address, not per balancer.
   */
  trustProxy: string[];
}

export interface DemoHistory {
  days: number;
  pace: number;
}

/** Four months of a small team's flow: every chart has something to show, and seeding stays quick. */
export const DEFAULT_DEMO_HISTORY: DemoHistory = { days: 120, pace: 1 };

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
// `./data` of the repository, whichever folder pnpm runs the server from.
const defaultDataDir = fileURLToPath(new URL('../../../data', import.meta.url));

/** Reads the configuration from the environment, once; the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.DATA_DIR ? path.resolve(e.DATA_DIR) : defaultDataDir },
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST === undefined ? defaultWebDist : e.WEB_DIST === '' ? null : path.resolve(e.WEB_DIST),
    seedDemo: e.SEED_DEMO === 'true',
    demoHistory: { days: e.DEMO_HISTORY_DAYS, pace: e.DEMO_HISTORY_PACE },
    trustedOrigins: list(e.TRUSTED_ORIGINS),
    trustProxy: list(e.TRUST_PROXY),
  };
}
