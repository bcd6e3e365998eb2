import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseProfile } from './profile.ts';
import type { Context } from './scenarios/common.ts';

const profilerScript = fileURLToPath(new URL('./systems/cpu-profiler.ts', import.meta.url));

/** Environment that makes an Obeya server profile itself (`--profile`); empty otherwise. */
export function profileEnv(ctx: Context): NodeJS.ProcessEnv {
  if (!ctx.profileDir) return {};
  // NODE_OPTIONS refuses --cpu-prof: a preloaded module runs the profiler instead.
  return { NODE_OPTIONS: `--import tsx --import ${profilerScript}`, BENCH_PROFILE_DIR: ctx.profileDir };
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Marks a measuring window of some server processes, so their profiles are cut down to it; call
 * the answer when the window ends.
 */
export function profileWindow(ctx: Context, scenario: string, pids: readonly number[]): () => void {
  if (!ctx.profileDir) return () => undefined;
  const from = monotonicMicros();
  return () => {
    const to = monotonicMicros();
    pids.forEach((pid, node) => {
      const entry = ctx.profiles.get(pid) ?? { scenario, node, windows: [] };
      entry.windows.push([from, to]);
      ctx.profiles.set(pid, entry);
    });
  };
}

/** Every profiled server's summary, in the order they ran. */
export async function profileReport(ctx: Context): Promise<string> {
  if (!ctx.profileDir) return '';
  const parts: string[] = [];
  for (const [pid, { scenario, node, windows }] of ctx.profiles) {
    const file = path.join(ctx.profileDir, `server-${pid}.cpuprofile`);
    const title = `Obeya server CPU profile: ${scenario}, node ${node}`;
    parts.push(existsSync(file) ? await summariseProfile(file, title, windows) : `No profile at ${file}.`);
  }
  return parts.join('\n');
}
