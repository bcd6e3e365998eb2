import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
// The same process harness the multi-node server tests use.
import { freePort, ServerProcess } from '../../server/test/cluster.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The product as a user starts it: the server process serving the built web app. */
export class ProductServer {
  private constructor(
    readonly dataDir: string,
    private readonly process: ServerProcess,
  ) {}

  get url(): string {
    return this.process.url;
  }

  /** Starts a server on a fresh embedded database (seeded with the demo board, without history unless `env` asks); `env` adds to its environment. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<ProductServer> {
    if (!existsSync(path.join(root, 'apps/web/dist/index.html'))) {
      throw new Error('The web app is not built: run `pnpm build` first (pnpm test does).');
    }
    const dataDir = await mkdtemp(path.join(tmpdir(), 'obeya-e2e-'));
    // Always its own fresh embedded database, never a DATABASE_URL the test run happens to have
    // (the server suite uses that one; sharing it would leak state).
    // The demo board without simulated history unless a test asks for it: the tests that use the
    // demo board know its dozen cards by name and place.
    const own = { DATABASE_URL: undefined, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_HISTORY_DAYS: '0', ...env };
    const server = new ProductServer(dataDir, new ServerProcess(await freePort(), { env: own }));
    await server.launch();
    return server;
  }

  /** Starts (or restarts) the process on the same port and data. */
  launch(): Promise<void> {
    return this.process.start();
  }

  /** Kills the process without warning, as a crash would. */
  kill(): Promise<void> {
    return this.process.kill();
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Headless Chromium from the system (never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where screenshots go, for people to look at (not committed). */
const screenshotDir = path.join(root, 'screenshots');

/** Saves what the page shows as `screenshots/<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Saves what one element shows (a chart, a dialog) as `screenshots/<name>.png`. */
export async function shotOf(element: Locator, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await element.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
