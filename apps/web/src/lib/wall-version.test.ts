import { describe, expect, it } from 'vitest';
import { VersionWatch } from './wall-version.ts';

/** A watch over a server whose answers are given in turn; `undefined` is an unreachable server. */
function watch(answers: Array<string | null | undefined>) {
  let reloads = 0;
  const w = new VersionWatch({
    fetchVersion: async () => {
      const answer = answers.shift();
      if (answer === undefined) throw new TypeError('Failed to fetch');
      return answer;
    },
    onNewVersion: () => (reloads += 1),
  });
  return { w, reloads: () => reloads };
}

describe('noticing a new deployment', () => {
  it('reloads when the build served differs from the one the page was loaded with', async () => {
    const { w, reloads } = watch(['v1', 'v1', 'v2']);
    await w.check();
    await w.check();
    expect(reloads()).toBe(0);
    await w.check();
    expect(reloads()).toBe(1);
  });

  it('learns the build at the first answer, however long the server was unreachable', async () => {
    const { w, reloads } = watch([undefined, undefined, 'v1', undefined, 'v1']);
    for (let i = 0; i < 5; i++) await w.check();
    expect(reloads()).toBe(0);
  });

  it('says nothing when the server serves no web build', async () => {
    const { w, reloads } = watch([null, 'v2', 'v1', null]);
    for (let i = 0; i < 4; i++) await w.check();
    expect(reloads()).toBe(0);
  });
});
