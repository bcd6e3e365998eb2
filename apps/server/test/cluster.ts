import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A free loopback port: a child process cannot report the port 0 gave it, so it is chosen here. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcessOptions {
  /** Environment of the server on top of this process's (undefined removes a variable); `PORT` and `HOST` are set here. */
  env: NodeJS.ProcessEnv;
  /** How long to wait for the health endpoint. */
  startMs?: number;
}

/** The server as `pnpm start` runs it: its own process, on loopback, killable like a real node. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private log = '';
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly options: ServerProcessOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Everything the process wrote to stdout and stderr, to show when a test fails. */
  get output(): string {
    return this.log;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** This process's environment with the options' on top; a key set to undefined is left out. */
  private environment(): NodeJS.ProcessEnv {
    const env = { ...process.env, ...this.options.env, PORT: String(this.port), HOST: '127.0.0.1' };
    return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  }

  /** Starts the process and waits until its health endpoint answers; (re)usable after a stop. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/server.ts'], {
      cwd: root,
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    await this.healthy(this.options.startMs ?? 60_000);
  }

  private async healthy(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (!this.running) throw new Error(`The server on port ${this.port} exited:\n${this.log}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`The server on port ${this.port} did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Freezes the process (SIGSTOP), as a stalled machine or a long garbage-collection pause would. */
  pause(): void {
    if (this.running) this.child?.kill('SIGSTOP');
  }

  /** Lets a paused process run again (SIGCONT). */
  resume(): void {
    if (this.running) this.child?.kill('SIGCONT');
  }

  /** Kills the process without warning, as a crash or a lost machine would. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** Asks the process to shut down gracefully; kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await this.signal('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}

/** Several server processes on one database, as a multi-node deployment runs them. */
export class Cluster {
  private constructor(readonly nodes: ServerProcess[]) {}

  /**
   * Starts `size` nodes at once (so they race through start-up, migrations included) and waits
   * until each answers its health check. API only, no demo board: tests create what they need.
   */
  static async start(size: number, env: NodeJS.ProcessEnv): Promise<Cluster> {
    const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
    const nodeEnv = { WEB_DIST: '', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...env };
    const cluster = new Cluster(ports.map((port) => new ServerProcess(port, { env: nodeEnv })));
    const started = await Promise.allSettled(cluster.nodes.map((node) => node.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await cluster.stop();
      throw failed.reason;
    }
    return cluster;
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  node(i: number): ServerProcess {
    const node = this.nodes[i];
    if (!node) throw new Error(`The cluster has no node ${i}.`);
    return node;
  }

  /** Kills node `i` without warning (SIGKILL). */
  kill(i: number): Promise<void> {
    return this.node(i).kill();
  }

  /** Stops every node: SIGTERM, then SIGKILL for any still running after `graceMs`. */
  async stop(graceMs?: number): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop(graceMs)));
  }

  /** Every node's output, labelled, to attach to a failure. */
  output(): string {
    return this.nodes.map((n, i) => `--- node ${i} (${n.url}) ---\n${n.output}`).join('\n');
  }
}
