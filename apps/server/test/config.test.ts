import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to port 3000 and the embedded database in the repository data folder', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve(import.meta.dirname, '../../../data') });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/obeya', PORT: '8080' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/obeya' });
    expect(config.port).toBe(8080);
  });

  it('reads the trusted proxies as a list, and refuses what is not an address or range', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, uniquelocal,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.2',
      'uniquelocal',
      'fd00::/8',
    ]);
    for (const bad of ['the balancer', 'cafe', '10.0.0.1/40', '10.0.0.1/8/8']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: must list addresses/);
    }
  });

  it('names every bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'nope' })).toThrow(/PORT.*DATABASE_URL|DATABASE_URL.*PORT/);
  });
});
