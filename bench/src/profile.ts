import { readFile } from 'node:fs/promises';

/*
 * A cheap "where does the server's time go": the V8 CPU profile that `--cpu-prof` writes when the
 * Obeya server exits, cut down to the fan-out measuring windows, summarised by package and by
 * function. Self time says what burns CPU; inclusive time (a function anywhere on the stack) says
 * which step of a move it belongs to.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  const repo = /\/((?:apps|packages)\/.*)$/.exec(url);
  if (repo) return repo[1] ?? url;
  return url.replace(/^file:\/\//, '');
}

function category(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  const server = /apps\/server\/src\/([^/]+)\//.exec(url);
  if (server) return `apps/server/src/${server[1]}`;
  const workspace = /packages\/([^/]+)\/src\//.exec(url);
  if (workspace) return `packages/${workspace[1]}`;
  if (url.startsWith('node:')) return 'node: (core modules)';
  return 'other';
}

/** Function and file; line numbers only for npm code (tsx-compiled sources report line 1). */
function label(n: ProfileNode): string {
  const file = shortUrl(n.callFrame.url);
  const line = n.callFrame.url.includes('node_modules') ? `:${n.callFrame.lineNumber + 1}` : '';
  return `${n.callFrame.functionName || '(anonymous)'} ${file}${line}`.trim();
}

function table(title: string, counts: Map<string, number>, total: number, top: number): string {
  const rows = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => `| ${((n / total) * 100).toFixed(1).padStart(5)} % | ${name.replaceAll('|', '\\|')} |`);
  return [`#### ${title}`, '', '| share | where |', '| ---: | --- |', ...rows, ''].join('\n');
}

export async function summariseProfile(
  file: string,
  title: string,
  windows: ReadonlyArray<[number, number]>,
): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

  const self = new Map<string, number>();
  const categories = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (windows.length > 0 && !windows.some(([from, to]) => t >= from && t <= to)) return;
    const node = byId.get(id);
    if (!node) return;
    total += 1;
    self.set(label(node), (self.get(label(node)) ?? 0) + 1);
    categories.set(category(node), (categories.get(category(node)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame || !/apps\/server\/src|packages\/\w+\/src|node_modules/.test(frame.callFrame.url)) continue;
      const key = label(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
    }
  });
  if (total === 0) return `The CPU profile ${file} has no sample inside the measuring windows.`;
  const idle = (categories.get('(idle)') ?? 0) / total;
  return [
    `### ${title} (${total} samples of ~1 ms, ${(idle * 100).toFixed(0)} % idle)`,
    '',
    `Profile: ${file}`,
    '',
    table('Self time by package / folder', categories, total, 20),
    table('Self time by function', self, total, 25),
    table('Inclusive time (function anywhere on the stack; server, workspace and npm code)', inclusive, total, 30),
  ].join('\n');
}
