/**
 * Text for character-level language models: the small public-domain English text shipped in the
 * package (`loadText`), a character vocabulary (`CharVocab`: text ↔ int32 ids), the unigram
 * entropy a model must beat, a split by position, and next-character training windows.
 */
import { tensor } from '../../creation.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { GENESIS_TEXT } from './text-data.gen.js';

/**
 * The Book of Genesis (King James Version, 1611; public domain), one verse per line: 196,818
 * ASCII characters of 60 distinct kinds (letters, punctuation, space, newline), 1,533 lines.
 * Shipped in the package (see text-data.gen.ts for the source and attribution): no download, no
 * file access. Its unigram entropy is about 3.02 nats per character.
 * @example
 * import { CharVocab, loadText } from 'neurite';
 * const text = loadText();
 * text.slice(0, 55);                // 'In the beginning God created the heaven and the earth.\n'
 * CharVocab.fromText(text).size;    // 60
 */
export function loadText(): string {
  return GENESIS_TEXT;
}

/** `'a'` → `"a"`, `'\n'` → `"\n"` with the escape shown, plus the code point: how errors name a character. */
function describeChar(c: string): string {
  const cp = (c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return `${JSON.stringify(c)} (U+${cp})`;
}

/**
 * A character vocabulary: each distinct character (Unicode code point) gets an id 0 … size − 1,
 * for embedding layers and softmax outputs over characters. `fromText` orders the characters by
 * code point, so the same text always gives the same ids. Save it with `JSON.stringify(vocab)`
 * (the list of characters) and restore it with `new CharVocab(list)`.
 * @example
 * import { CharVocab } from 'neurite';
 * const vocab = CharVocab.fromText('hello world');
 * vocab.chars;              // [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']
 * vocab.encode('hello');    // Int32Array [3, 2, 4, 4, 5]
 * vocab.decode([3, 2, 4, 4, 5]); // 'hello'
 */
export class CharVocab {
  /** The characters, in id order: `chars[id]`. */
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  /**
   * A vocabulary of the given characters, ids in the given order.
   * @throws ValueError for an entry that is not one character, or a character listed twice
   * @example new CharVocab(['a', 'b', '\n']).encode('ba\n') // Int32Array [1, 0, 2]
   */
  constructor(chars: Iterable<string>) {
    const list = Array.from(chars);
    this.ids = new Map();
    for (const [i, c] of list.entries()) {
      if (typeof c !== 'string' || Array.from(c).length !== 1) {
        throw new ValueError(`CharVocab: entry ${i} must be one character, got ${JSON.stringify(c)}`);
      }
      if (this.ids.has(c)) throw new ValueError(`CharVocab: character ${describeChar(c)} is listed twice`);
      this.ids.set(c, i);
    }
    this.chars = Object.freeze(list);
  }

  /**
   * The vocabulary of every distinct character in `text`, sorted by code point.
   * @example CharVocab.fromText('abba').chars // ['a', 'b']
   */
  static fromText(text: string): CharVocab {
    const distinct = [...new Set(text)];
    distinct.sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
    return new CharVocab(distinct);
  }

  /** Number of characters (the number of classes of a next-character model). @example vocab.size // 60 */
  get size(): number {
    return this.chars.length;
  }

  /** Whether `char` is in the vocabulary. @example vocab.has('é') // false */
  has(char: string): boolean {
    return this.ids.has(char);
  }

  /**
   * The ids of the characters of `text`, one per code point.
   * @returns int32 ids, length = the number of characters; `tensor(ids)` makes an int32 tensor [L]
   * @throws ValueError naming the first character not in the vocabulary and its position
   * @example vocab.encode('hello') // Int32Array [3, 2, 4, 4, 5]
   */
  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const c of text) {
      const id = this.ids.get(c);
      if (id === undefined) {
        throw new ValueError(
          `CharVocab.encode: character ${describeChar(c)} at position ${out.length} is not in the vocabulary of ` +
            `${this.size} characters; build the vocabulary from text that contains it (CharVocab.fromText), ` +
            'or replace the character first',
        );
      }
      out.push(id);
    }
    return Int32Array.from(out);
  }

  /**
   * The text of a sequence of ids (any shape of tensor is read in row-major order).
   * @throws ValueError for an id that is not an integer in [0, size)
   * @example vocab.decode(tensor([3, 2, 4, 4, 5], { dtype: 'int32' })) // 'hello'
   */
  decode(ids: Tensor | ArrayLike<number>): string {
    const values = ids instanceof Tensor ? ids.data : ids;
    let text = '';
    for (let i = 0; i < values.length; i++) {
      const id = Number(values[i]);
      const c = Number.isInteger(id) ? this.chars[id] : undefined;
      if (c === undefined) {
        throw new ValueError(
          `CharVocab.decode: id ${values[i]} at position ${i} is not a character id; valid ids are 0 to ${this.size - 1}`,
        );
      }
      text += c;
    }
    return text;
  }

  /** The characters in id order, so that `JSON.stringify(vocab)` saves the vocabulary. */
  toJSON(): string[] {
    return [...this.chars];
  }
}

/**
 * Entropy of the character frequencies of `text`, in nats per character:
 * H = −Σ_c p_c·ln p_c with p_c = count(c) / length. The cross-entropy of the best model that
 * ignores context, so the baseline a character-level model's loss must beat (loadText(): ≈ 3.02).
 * @throws ValueError for an empty text
 * @example
 * import { unigramEntropy } from 'neurite';
 * unigramEntropy('abab'); // ln 2 ≈ 0.693
 */
export function unigramEntropy(text: string): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const c of text) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
    n++;
  }
  if (n === 0) throw new ValueError('unigramEntropy: the text is empty');
  let h = 0;
  for (const k of counts.values()) h -= (k / n) * Math.log(k / n);
  return h;
}

/**
 * Split a text by position: the first (1 − valFraction) of its characters for training, the rest
 * for validation. Not shuffled: neighbouring characters depend on each other, so a random split
 * of windows would leak validation text into training.
 * @param valFraction share of the characters for validation, in (0, 1) (default 0.1)
 * @example
 * import { loadText, splitText } from 'neurite';
 * const { train, val } = splitText(loadText(), { valFraction: 0.1 });
 */
export function splitText(
  text: string,
  { valFraction = 0.1 }: { valFraction?: number } = {},
): {
  train: string;
  val: string;
} {
  if (!(valFraction > 0 && valFraction < 1)) {
    throw new ValueError(`splitText: valFraction must be in (0, 1), got ${valFraction}`);
  }
  const chars = Array.from(text); // split between code points, never inside a surrogate pair
  const cut = Math.round(chars.length * (1 - valFraction));
  return { train: chars.slice(0, cut).join(''), val: chars.slice(cut).join('') };
}

/** Next-token windows: inputs and the same sequences one step later. */
export interface TokenWindows {
  /** Inputs [N, length] (int32 ids). */
  x: Tensor;
  /** Targets [N, length] (int32): y[i, t] = x[i, t + 1] for t < length − 1, and the id after the window at t = length − 1. */
  y: Tensor;
}

/**
 * Training pairs for a next-token (e.g. next-character) model: window i holds ids
 * [i·stride, i·stride + length) as input and the same span shifted by one as target, so every
 * position is trained to predict the id that follows it. Windows are
 * N = ⌊(L − length − 1) / stride⌋ + 1 (L = ids.length); the default stride = length gives
 * windows that do not overlap.
 * @param ids token ids [L], e.g. `vocab.encode(text)`
 * @returns x and y, int32 [N, length]; feed x to an Embedding and y (reshaped to [N·length]) to crossEntropy
 * @throws ValueError when ids hold fewer than length + 1 tokens or an option is not a positive integer
 * @example
 * import { CharVocab, nextTokenWindows } from 'neurite';
 * const vocab = CharVocab.fromText('hello world');
 * const { x, y } = nextTokenWindows(vocab.encode('hello world'), { length: 4 });
 * vocab.decode(x.slice(0, 0, 1)); // 'hell'
 * vocab.decode(y.slice(0, 0, 1)); // 'ello'
 */
export function nextTokenWindows(
  ids: Int32Array | Tensor,
  { length, stride = length }: { length: number; stride?: number },
): TokenWindows {
  const op = 'nextTokenWindows';
  for (const [name, v] of [
    ['length', length],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${v}`);
  }
  if (ids instanceof Tensor && ids.dtype !== 'int32') {
    throw new DTypeError(`${op}: ids must be int32, got ${ids.dtype}; convert them with .to('int32')`);
  }
  if (ids instanceof Tensor && ids.ndim !== 1) {
    throw new ShapeError(`${op}: ids must be one sequence [L], got ${fmtShape(ids.shape)}; flatten them first`);
  }
  const data = (ids instanceof Tensor ? ids.data : ids) as Int32Array;
  if (data.length < length + 1) {
    throw new ValueError(
      `${op}: ${data.length} tokens are too few for one window of length ${length} and its next token ` +
        `(needs at least ${length + 1})`,
    );
  }
  const n = Math.floor((data.length - length - 1) / stride) + 1;
  const x = new Int32Array(n * length);
  const y = new Int32Array(n * length);
  for (let i = 0; i < n; i++) {
    x.set(data.subarray(i * stride, i * stride + length), i * length);
    y.set(data.subarray(i * stride + 1, i * stride + length + 1), i * length);
  }
  return { x: tensor(x, { shape: [n, length] }), y: tensor(y, { shape: [n, length] }) };
}
