// The text and word boxes built from the recogniser's lines (main/ocr/layout.ts): exact offsets,
// boxes back in the stored picture's pixels, ranges to boxes, and underscores recovered from pixels.
import { describe, expect, it } from 'vitest';
import {
  boxForRange,
  layoutPage,
  separatorBetween,
  type GreyImage,
  type RawLine,
  type RawWord,
} from '../../../main/ocr/layout.js';
import { normalise, parsePgm } from '../../../main/ocr/picture.js';

/** A word of monospaced characters, each `cell` pixels wide, starting at x. */
function word(text: string, x: number, cell = 10, y0 = 10, y1 = 30): RawWord {
  return {
    text,
    bbox: { x0: x, y0, x1: x + text.length * cell, y1 },
    confidence: 90,
    symbols: [...text].map((_, i) => ({ x0: x + i * cell, x1: x + (i + 1) * cell - 1 })),
  };
}

function line(words: RawWord[], y0 = 10, y1 = 36): RawLine {
  return {
    words,
    bbox: { x0: words[0]?.bbox.x0 ?? 0, y0, x1: words.at(-1)?.bbox.x1 ?? 0, y1 },
    baseline: { x0: 0, y0: 30, x1: 400, y1: 30 },
    rowHeight: 26,
    ascenders: 6,
    descenders: 6,
    leftToRight: true,
  };
}

/** A white picture with dark rectangles. */
function picture(width: number, height: number, marks: [number, number, number, number][]): GreyImage {
  const pixels = new Uint8Array(width * height).fill(240);
  for (const [x0, y0, x1, y1] of marks) {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pixels[y * width + x] = 20;
  }
  return { width, height, pixels };
}

describe('layoutPage', () => {
  it('builds one text whose word offsets are exact, lines ended, blocks apart, boxes scaled back', () => {
    const result = layoutPage(
      [[line([word('PS', 0), word('C:\\Users', 40)])], [line([word('203.0.113.77', 0)], 50, 76)]],
      2,
    );
    expect(result.text).toBe('PS C:\\Users\n\n203.0.113.77\n');
    for (const w of result.words) expect(result.text.slice(w.start, w.end)).toBe(w.text);
    expect(result.words[1]).toMatchObject({ text: 'C:\\Users', box: { x: 20, y: 5, width: 40, height: 10 } });
  });

  it('drops empty words and control characters, and clips a word stretched over the next one', () => {
    const stretched: RawWord = {
      ...word('fl', 100),
      bbox: { x0: 100, y0: 10, x1: 400, y1: 30 },
      symbols: [
        { x0: 100, x1: 109 },
        { x0: 110, x1: 400 },
      ],
    };
    const result = layoutPage([[line([stretched, word(' ', 125), word('vo\u0007ters', 130)])]], 1);
    expect(result.text).toBe('fl voters\n');
    expect(result.words[0]?.box).toEqual({ x: 100, y: 10, width: 19, height: 20 });
  });
});

describe('boxForRange', () => {
  const result = layoutPage([[line([word('scp', 0), word('operator@203.0.113.77:/srv/drop/', 40)])]], 1);

  it('is the union of the words a range spans', () => {
    expect(boxForRange(result, 0, result.text.length)).toEqual({ x: 0, y: 10, width: 360, height: 20 });
  });

  it('takes the matching share of a word the range covers in part (monospaced text)', () => {
    const start = result.text.indexOf('203');
    // "operator@" is 9 characters of 10 px into the word that starts at x = 40.
    expect(boxForRange(result, start, start + '203.0.113.77'.length)).toEqual({
      x: 130,
      y: 10,
      width: 120,
      height: 20,
    });
  });

  it('is null for a range that covers only separators', () => {
    expect(boxForRange(result, 3, 4)).toBeNull();
  });
});

describe('separatorBetween (underscores LSTM reads as spaces)', () => {
  const a = word('fl', 20);
  const b = word('voters', 50);
  const l = line([a, b]);
  const letters: [number, number, number, number][] = [
    [22, 12, 28, 30],
    [32, 12, 38, 30],
    [52, 18, 58, 30],
    [62, 18, 68, 30],
  ];

  it('reads a stroke under the baseline, alone in its cell, as an underscore', () => {
    const grey = picture(120, 40, [...letters, [40, 32, 50, 34]]);
    expect(separatorBetween(l, a, b, 10, grey)).toBe('_');
    expect(layoutPage([[l]], 1, grey).text).toBe('fl_voters\n');
  });

  it('keeps a space where the gap is empty', () => {
    expect(separatorBetween(l, a, b, 10, picture(120, 40, letters))).toBe(' ');
  });

  it('keeps a space under an underline that runs on beneath the letters', () => {
    expect(separatorBetween(l, a, b, 10, picture(120, 40, [...letters, [20, 32, 110, 34]]))).toBe(' ');
  });

  it('keeps a space when the gap holds a mark above the baseline too (an unread character)', () => {
    expect(separatorBetween(l, a, b, 10, picture(120, 40, [...letters, [40, 32, 50, 34], [42, 16, 46, 28]]))).toBe(' ');
  });

  it('joins a word that already starts with the underscore instead of doubling it', () => {
    const next = word('_2020.csv', 43);
    expect(separatorBetween(line([a, next]), a, next, 10, picture(160, 40, letters))).toBe('');
  });

  it('leaves right-to-left lines alone', () => {
    const grey = picture(120, 40, [...letters, [40, 32, 50, 34]]);
    expect(separatorBetween({ ...l, leftToRight: false }, a, b, 10, grey)).toBe(' ');
  });
});

describe('picture preparation', () => {
  it('inverts a dark picture and thickens strokes by a pixel up and down', () => {
    const grey: GreyImage = { width: 3, height: 5, pixels: new Uint8Array(15).fill(20) };
    grey.pixels[7] = 220; // light text on a dark ground, row 2
    normalise(grey);
    expect([...grey.pixels]).toEqual([235, 235, 235, 235, 35, 235, 235, 35, 235, 235, 35, 235, 235, 235, 235]);
  });

  it('leaves a light picture the right way round', () => {
    const grey: GreyImage = { width: 1, height: 3, pixels: Uint8Array.from([240, 240, 240]) };
    normalise(grey);
    expect([...grey.pixels]).toEqual([240, 240, 240]);
  });

  it('reads a binary PGM and refuses anything else', () => {
    const pgm = Buffer.concat([Buffer.from('P5\n2 1\n255\n', 'latin1'), Buffer.from([7, 9])]);
    const grey = parsePgm(pgm);
    expect(grey).toMatchObject({ width: 2, height: 1 });
    expect([...grey.pixels]).toEqual([7, 9]);
    expect(() => parsePgm(Buffer.from('P6\n2 1\n255\n'))).toThrow(/PGM/);
    expect(() => parsePgm(Buffer.from('P5\n20 10\n255\n\u0000'))).toThrow(/truncated/);
  });
});
