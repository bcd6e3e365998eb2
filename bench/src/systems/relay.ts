import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../apps/server/test/cluster.ts';
import { stopOnExit } from '../cleanup.ts';

const script = fileURLToPath(new URL('./relay-server.ts', import.meta.url));

/** A running relay process. */
export interface Relay {
  urls: string[];
  pid: number;
  stop: () => Promise<void>;
}

/** Spawns the Hocuspocus relay (through tsx, as Obeya's server is run) and waits until it listens. */
export async function startRelay(extraEnv: NodeJS.ProcessEnv = {}): Promise<Relay> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, String(port)], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay did not start:\n${log}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the relay exited (${code}):\n${log}`));
    });
  });
  const stop = stopOnExit(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  });
  return { urls: [`ws://127.0.0.1:${port}`], pid: child.pid ?? 0, stop };
}
