/** The small pure pieces of the viewers: hex rows, offsets, numbered lines, timecodes and frame steps, the sandbox CSP. */
import { describe, expect, it } from 'vitest';
import {
  base64Bytes,
  formatOffset,
  hexColumn,
  hexRows,
  parseOffset,
} from '../../../../renderer/src/views/evidence/previews/hex.js';
import {
  numberLines,
  pageOf,
  splitHighlight,
  TEXT_PAGE_CHARS,
} from '../../../../renderer/src/views/evidence/previews/lines.js';
import {
  disarmAttributes,
  SANDBOX_CSP,
  withSandboxCsp,
} from '../../../../renderer/src/views/evidence/previews/sandbox.js';
import {
  DEFAULT_FPS,
  formatTimecode,
  frameAt,
  frameRate,
  stepFrame,
} from '../../../../renderer/src/views/evidence/previews/timecode.js';

describe('hex rows', () => {
  it('shows offsets, hex and printable ASCII', () => {
    const [first, second] = hexRows(new TextEncoder().encode('%PDF-1.4\n\x00binary!'), 0x100);
    expect(first).toEqual({
      offset: 0x100,
      hex: ['25', '50', '44', '46', '2d', '31', '2e', '34', '0a', '00', '62', '69', '6e', '61', '72', '79'],
      ascii: '%PDF-1.4··binary',
    });
    expect(second).toMatchObject({ offset: 0x110, hex: ['21'], ascii: '!' });
    expect(hexColumn(first?.hex ?? [])).toBe('25 50 44 46 2d 31 2e 34  0a 00 62 69 6e 61 72 79');
  });

  it('makes eight-byte rows for a narrow pane', () => {
    expect(hexRows(new Uint8Array(20), 0, 8).map((row) => row.offset)).toEqual([0, 8, 16]);
  });

  it('formats and parses offsets', () => {
    expect(formatOffset(0x1f0)).toBe('000001f0');
    expect(parseOffset('0x1F0')).toBe(0x1f0);
    expect(parseOffset('1f0h')).toBe(0x1f0);
    expect(parseOffset('$10')).toBe(16);
    expect(parseOffset(' 4 096 ')).toBe(4096);
    expect(parseOffset('-1')).toBeUndefined();
    expect(parseOffset('0xzz')).toBeUndefined();
    expect(parseOffset('')).toBeUndefined();
  });

  it('decodes base64 windows', () => {
    expect([...base64Bytes('JVBERg==')]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });
});

describe('numbered lines', () => {
  it('numbers from the window’s first line, with a continuation piece unnumbered', () => {
    expect(numberLines('a\nbb\n', 10, 7, false)).toEqual([
      { number: 7, start: 10, text: 'a' },
      { number: 8, start: 12, text: 'bb' },
    ]);
    expect(numberLines('tail\nnext', 100, 3, true).map((line) => line.number)).toEqual([null, 4]);
    expect(numberLines('', 0, 1, false)).toEqual([{ number: 1, start: 0, text: '' }]);
  });

  it('cuts a highlight out of the lines it touches', () => {
    const [one, two] = numberLines('hello world\nsecond', 0, 1, false);
    if (!one || !two) throw new Error('two lines expected');
    expect(splitHighlight(one, 6, 11)).toEqual({ before: 'hello ', marked: 'world', after: '' });
    expect(splitHighlight(two, 6, 11)).toBeUndefined();
    expect(splitHighlight(one, 8, 14)).toEqual({ before: 'hello wo', marked: 'rld', after: '' });
    expect(splitHighlight(two, 8, 14)).toEqual({ before: '', marked: 'se', after: 'cond' });
  });

  it('pages text by a fixed number of characters', () => {
    expect(pageOf(0)).toBe(0);
    expect(pageOf(TEXT_PAGE_CHARS - 1)).toBe(0);
    expect(pageOf(TEXT_PAGE_CHARS)).toBe(1);
  });
});

describe('timecodes and frames', () => {
  it('shows time to the millisecond', () => {
    expect(formatTimecode(0)).toBe('00:00:00.000');
    expect(formatTimecode(3723.0456)).toBe('01:02:03.046');
    expect(formatTimecode(Number.NaN)).toBe('00:00:00.000');
  });

  it('reads the frame rate from the container metadata, else 30', () => {
    expect(frameRate({ fps: 15 })).toBe(15);
    expect(frameRate({ fps: null, tracks: [{ type: 'audio' }, { type: 'video', fps: 29.97 }] })).toBe(29.97);
    expect(frameRate({ fps: -1 })).toBe(DEFAULT_FPS);
    expect(frameRate({})).toBe(DEFAULT_FPS);
  });

  it('steps one frame, landing mid-frame, clamped to the video', () => {
    expect(stepFrame(0, 10, 1, 5)).toBeCloseTo(0.15, 9);
    expect(stepFrame(0.15, 10, 1, 5)).toBeCloseTo(0.25, 9);
    expect(stepFrame(0.25, 10, -1, 5)).toBeCloseTo(0.15, 9);
    expect(stepFrame(0.05, 10, -1, 5)).toBe(0);
    expect(stepFrame(4.99, 10, 1, 5)).toBe(5);
    expect(frameAt(stepFrame(1 / 3, 30, 1, 10), 30)).toBe(frameAt(1 / 3, 30) + 1);
  });
});

describe('the sandbox document', () => {
  it('puts the CSP first, before anything of the page', () => {
    const doc = withSandboxCsp('<script>alert(1)</script><p>x');
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<script>'));
    expect(doc.startsWith(`<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}">`)).toBe(
      true,
    );
    expect(SANDBOX_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  });

  it('renames style and event-handler attributes inside tags only, never in the text', () => {
    expect(disarmAttributes('<p style="color:red" data-x=1>style=bold onload=x</p><DIV\nSTYLE = "a">')).toBe(
      '<p data-locard-style="color:red" data-x=1>style=bold onload=x</p><DIV\ndata-locard-style = "a">',
    );
    expect(disarmAttributes('<img src=x onerror="alert(1)" ONLOAD=y>')).toBe(
      '<img src=x data-locard-onerror="alert(1)" data-locard-onload=y>',
    );
  });
});
