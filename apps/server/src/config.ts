import type { DatabaseOptions } from '@obeya/db';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: LogLevelSchema.default('info'),
  WEB_DIST: z.string().optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  TRUSTED_ORIGINS: z.string().default(''),
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
   * Origins (e.g. `https://obeya.example.com`) whose pages may use a session cookie, besides the
   * server's own host; needed when a proxy changes the Host header.
   */
  trustedOrigins: string[];
}

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
    trustedOrigins: e.TRUSTED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}
