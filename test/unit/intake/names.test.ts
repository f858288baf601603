// What a name says about its file: extensions that promise other content, direction-changing and
// invisible characters (and how an override makes a name display), names near the 255-byte limit.
import { describe, expect, it } from 'vitest';
import { displayedAs, mismatchWarning, nameWarnings } from '../../../main/intake/parsers/names.js';

describe('mismatchWarning', () => {
  it('names what the extension promised and what the content is', () => {
    expect(mismatchWarning('screenshot.PNG', 'text')).toBe(
      'Not a PNG image despite its name (.png): the content is plain text, and it was read as such.',
    );
    expect(mismatchWarning('invoice.pdf', 'archive')).toBe(
      'Not a PDF despite its name (.pdf): the content is an archive, and it was read as such.',
    );
    expect(mismatchWarning('tool.exe', 'binary')).toMatch(/unrecognised binary data, and it was kept as bytes\.$/);
    expect(mismatchWarning('notes.weird', 'pdf')).toBe(
      'The name suggests another type of file: the content is a PDF, and it was read as such.',
    );
  });
});

describe('displayedAs', () => {
  it('shows the run after a right-to-left override reversed, up to a pop or the end', () => {
    expect(displayedAs('voter-roll-\u202efdp.exe')).toBe('voter-roll-exe.pdf');
    expect(displayedAs('a\u202ecba\u202cd.txt')).toBe('aabcd.txt');
    expect(displayedAs('plain.txt')).toBeNull();
  });

  it('does not guess when other direction controls or right-to-left letters are present', () => {
    expect(displayedAs('x\u2067\u202efdp.exe')).toBeNull();
    expect(displayedAs('\u05d0\u202efdp.exe')).toBeNull();
  });
});

describe('nameWarnings', () => {
  it('flags a right-to-left override with the name it fakes and the real extension', () => {
    expect(nameWarnings('voter-roll-\u202efdp.exe')).toEqual([
      'The name contains a right-to-left override (U+202E): it displays as "voter-roll-exe.pdf", but its real extension is .exe. It is shown escaped: "voter-roll-\\u{202E}fdp.exe".',
    ]);
  });

  it('names invisible and control characters', () => {
    expect(nameWarnings('in\u200bvoice\u0007.txt')).toEqual([
      'The name contains a zero-width space (U+200B), a control character (U+0007). It is shown escaped: "in\\u{200B}voice\\u{0007}.txt".',
    ]);
  });

  it('flags names near the 255-byte limit, counting bytes, not characters', () => {
    expect(nameWarnings(`${'a'.repeat(195)}.txt`)).toEqual([]);
    expect(nameWarnings(`${'é'.repeat(100)}.txt`)[0]).toMatch(
      /^The name is 204 bytes long, close to the 255-byte limit/,
    );
  });
});
