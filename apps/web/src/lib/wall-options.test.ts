import { describe, expect, it } from 'vitest';
import { WALL_VIEWS, parseWallOptions } from './wall-options.ts';

describe('wall-screen options from the link', () => {
  it('rotates the three views every 20 seconds in the dark theme by default', () => {
    expect(parseWallOptions('')).toEqual({ theme: 'dark', views: WALL_VIEWS, rotateMs: 20_000, movedMs: 600_000 });
  });

  it('takes a theme, an interval and how long moves stay highlighted', () => {
    expect(parseWallOptions('?theme=light&rotate=45&moved=3')).toEqual({
      theme: 'light',
      views: WALL_VIEWS,
      rotateMs: 45_000,
      movedMs: 180_000,
    });
    expect(parseWallOptions('?theme=auto').theme).toBe('auto');
  });

  it('stays on the board with rotate=0, and on the view asked for with view=', () => {
    expect(parseWallOptions('?rotate=0')).toMatchObject({ views: ['board'], rotateMs: 0 });
    expect(parseWallOptions('?view=figures&rotate=30')).toMatchObject({ views: ['figures'], rotateMs: 0 });
  });

  it('falls back to the defaults for anything it does not understand, so a mistyped link still works', () => {
    const options = parseWallOptions('?theme=pink&rotate=fast&view=everything&moved=-1');
    expect(options).toEqual(parseWallOptions(''));
    expect(parseWallOptions('?rotate=1').rotateMs).toBe(20_000); // too fast to read
  });
});
