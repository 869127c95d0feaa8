/**
 * The shipped text (size, verses, checksum, character set, entropy), CharVocab (ids, round trip,
 * unknown characters, JSON), unigramEntropy, splitText and nextTokenWindows (count formula as a
 * fast-check property, values, errors).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CharVocab,
  DTypeError,
  loadText,
  nextTokenWindows,
  ShapeError,
  splitText,
  tensor,
  unigramEntropy,
  ValueError,
} from '../../../src/index.js';

/** FNV-1a over the UTF-16 code units: a checksum that needs no Node built-in. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

describe('loadText', () => {
  const text = loadText();

  it('is Genesis (KJV), one verse per line, as generated', () => {
    expect(text.length).toBe(196818);
    expect(text.split('\n').length - 1).toBe(1533);
    expect(text.startsWith('In the beginning God created the heaven and the earth.\n')).toBe(true);
    expect(text.endsWith('and he was put in a coffin in Egypt.\n')).toBe(true);
    expect(/\d/.test(text)).toBe(false); // verse numbers removed
    expect(fnv1a(text)).toBe(0xacc0e84b); // pinned from the file scripts/gen-text-data.mjs wrote
  });

  it('has 60 ASCII characters and a unigram entropy of about 3.02 nats', () => {
    const vocab = CharVocab.fromText(text);
    expect(vocab.size).toBe(60);
    expect(vocab.chars.every((c) => c === '\n' || (c >= ' ' && c <= '~'))).toBe(true);
    expect(unigramEntropy(text)).toBeCloseTo(3.0188, 4);
  });
});

describe('CharVocab', () => {
  const vocab = CharVocab.fromText('hello world');

  it('sorts the distinct characters by code point and encodes / decodes', () => {
    expect(vocab.chars).toEqual([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(vocab.size).toBe(8);
    expect(Array.from(vocab.encode('hello'))).toEqual([3, 2, 4, 4, 5]);
    expect(vocab.encode('')).toEqual(new Int32Array(0));
    expect(vocab.decode([3, 2, 4, 4, 5])).toBe('hello');
    expect(
      vocab.decode(
        tensor(
          [
            [3, 2],
            [4, 4],
          ],
          { dtype: 'int32' },
        ),
      ),
    ).toBe('hell');
    expect(vocab.has('h')).toBe(true);
    expect(vocab.has('z')).toBe(false);
  });

  it('round-trips any text built from its own characters, including astral code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (s) => {
        const v = CharVocab.fromText(s);
        const ids = v.encode(s);
        expect(ids.length).toBe(Array.from(s).length);
        expect(Math.max(...ids)).toBeLessThan(v.size);
        expect(v.decode(ids)).toBe(s);
      }),
      { seed: 4, numRuns: 100 },
    );
  });

  it('names an unknown character, its code point and position', () => {
    expect(() => vocab.encode('hex')).toThrow(ValueError);
    expect(() => vocab.encode('hello\n')).toThrow(
      'CharVocab.encode: character "\\n" (U+000A) at position 5 is not in the vocabulary of 8 characters',
    );
    expect(() => vocab.decode([1, 8])).toThrow(
      'CharVocab.decode: id 8 at position 1 is not a character id; valid ids are 0 to 7',
    );
    expect(() => vocab.decode([0.5])).toThrow(ValueError);
  });

  it('saves as JSON and restores with the same ids; rejects bad character lists', () => {
    const restored = new CharVocab(JSON.parse(JSON.stringify(vocab)) as string[]);
    expect(restored.chars).toEqual(vocab.chars);
    expect(Array.from(new CharVocab(['b', 'a']).encode('ab'))).toEqual([1, 0]);
    expect(() => new CharVocab(['a', 'a'])).toThrow('CharVocab: character "a" (U+0061) is listed twice');
    expect(() => new CharVocab(['ab'])).toThrow(ValueError);
  });
});

describe('unigramEntropy', () => {
  it('is −Σ p ln p over characters', () => {
    expect(unigramEntropy('abab')).toBeCloseTo(Math.LN2, 12);
    expect(unigramEntropy('aaaa')).toBe(0);
    expect(unigramEntropy('aab')).toBeCloseTo(-(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3), 12);
    expect(() => unigramEntropy('')).toThrow(ValueError);
  });
});

describe('splitText', () => {
  it('cuts by position: the first 90% for training by default', () => {
    expect(splitText('abcdefghij')).toEqual({ train: 'abcdefghi', val: 'j' });
    expect(splitText('abcd', { valFraction: 0.5 })).toEqual({ train: 'ab', val: 'cd' });
    const { train, val } = splitText(loadText());
    expect(train + val).toBe(loadText());
    expect(val.length).toBe(19682);
    expect(() => splitText('ab', { valFraction: 1 })).toThrow(ValueError);
  });
});

describe('nextTokenWindows', () => {
  it('pairs each window with the same span one token later', () => {
    const { x, y } = nextTokenWindows(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), { length: 3 });
    expect(x.dtype).toBe('int32');
    expect(x.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(y.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const overlapping = nextTokenWindows(tensor([0, 1, 2, 3], { dtype: 'int32' }), { length: 2, stride: 1 });
    expect(overlapping.x.toArray()).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('property: N = ⌊(L − length − 1)/stride⌋ + 1, y[i, t] = ids[i·stride + t + 1]', () => {
    const arb = fc.record({
      l: fc.integer({ min: 2, max: 60 }),
      length: fc.integer({ min: 1, max: 12 }),
      stride: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ l, length, stride }) => {
        const ids = Int32Array.from({ length: l }, (_, i) => i);
        if (l < length + 1) {
          expect(() => nextTokenWindows(ids, { length, stride })).toThrow(ValueError);
          return;
        }
        const { x, y } = nextTokenWindows(ids, { length, stride });
        const n = Math.floor((l - length - 1) / stride) + 1;
        expect(x.shape).toEqual([n, length]);
        expect(y.shape).toEqual([n, length]);
        expect((n - 1) * stride + length + 1).toBeLessThanOrEqual(l);
        for (let i = 0; i < n; i++) {
          for (let t = 0; t < length; t++) {
            expect(x.data[i * length + t]).toBe(i * stride + t);
            expect(y.data[i * length + t]).toBe(i * stride + t + 1);
          }
        }
      }),
      { seed: 8, numRuns: 150 },
    );
  });

  it('errors: too few tokens, bad options, float or 2-D tensors', () => {
    expect(() => nextTokenWindows(Int32Array.from([1, 2]), { length: 2 })).toThrow(
      'nextTokenWindows: 2 tokens are too few for one window of length 2 and its next token (needs at least 3)',
    );
    expect(() => nextTokenWindows(Int32Array.from([1, 2]), { length: 0 })).toThrow(ValueError);
    expect(() => nextTokenWindows(tensor([1, 2, 3]), { length: 1 })).toThrow(DTypeError);
    expect(() => nextTokenWindows(tensor([[1, 2, 3]], { dtype: 'int32' }), { length: 1 })).toThrow(ShapeError);
  });
});
