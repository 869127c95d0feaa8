import { describe, expect, it } from 'vitest';
import { CHAR_RNN_DEFAULTS, type CharRnnOptions, runCharRnn } from '../../../src/cli/commands/train-char-rnn.js';
import { memoryIo } from '../../../src/cli/io.js';
import { CharVocab, loadText, unigramEntropy } from '../../../src/index.js';
import { trainParseOutput } from '../../helpers/train-parse.js';

/** A tiny run: the first 3,000 characters, a small network, one epoch, short samples. */
const tiny: CharRnnOptions = {
  ...CHAR_RNN_DEFAULTS,
  epochs: 1,
  chars: 3000,
  hidden: 16,
  embedding: 8,
  length: 16,
  sampleLength: 40,
  json: false,
};
const text = loadText().slice(0, 3000);

describe('neurite train char-rnn', () => {
  it('--json: the summary keys in nats, samples over the vocabulary, human lines on stderr', async () => {
    const shared = memoryIo();
    await runCharRnn({ ...tiny, json: true }, shared.forJson(true));
    expect(shared.stdout).toHaveLength(1);
    const summary = JSON.parse(shared.stdout[0] as string);
    expect(summary).toMatchObject({
      preset: 'char-rnn',
      seed: 1,
      epochs: 1,
      epochsRun: 1,
      cell: 'lstm',
      stopped: null,
    });
    for (const key of ['valLossPerChar', 'unigramEntropy', 'trainLoss', 'belowUnigram', 'trainSeconds', 'cpuSeconds']) {
      expect(Number.isFinite(summary[key]), key).toBe(true);
    }
    expect(summary.unigramEntropy).toBeCloseTo(unigramEntropy(text), 12);
    const vocab = CharVocab.fromText(text);
    expect(summary.vocabSize).toBe(vocab.size);
    expect([summary.trainChars, summary.valChars]).toEqual([2700, 300]);
    // One epoch of a few updates: near the loss of a uniform guess, ln V, and nowhere near zero.
    expect(summary.valLossPerChar).toBeGreaterThan(2);
    expect(summary.valLossPerChar).toBeLessThan(Math.log(vocab.size) + 0.5);
    expect(Object.keys(summary.samples)).toEqual(['0.5', '1.0']);
    for (const sample of Object.values(summary.samples) as string[]) {
      expect(sample.startsWith('And God said')).toBe(true);
      expect([...sample]).toHaveLength('And God said'.length + 40);
      for (const c of sample) expect(vocab.has(c)).toBe(true);
    }
    const human = shared.stderr.join('\n');
    expect(human).toMatch(/^neurite · char-rnn: the next character of Genesis/);
    expect(human).toContain(`Embedding(${vocab.size} → 8) → LSTM(8 → 16) → Linear(16 → ${vocab.size})`);
    expect(human).toMatch(/sample at temperature 0\.5:\n {2}And God said/);
    expect(human).toMatch(/sample at temperature 1\.0:\n {2}And God said/);
    expect(human).toMatch(/validation loss \d\.\d{4} nats per character · unigram entropy \d\.\d{4} · /);
  });

  it('the same seed repeats exactly (weights, shuffling and samples); --cell gru works', async () => {
    const a = await runCharRnn(tiny, memoryIo());
    const b = await runCharRnn(tiny, memoryIo());
    expect(b.valLossPerChar).toBe(a.valLossPerChar);
    expect(b.samples).toEqual(a.samples);
    const gru = await runCharRnn({ ...tiny, cell: 'gru' }, memoryIo());
    expect(gru.cell).toBe('gru');
    expect(Number.isFinite(gru.valLossPerChar)).toBe(true);
    expect(gru.valLossPerChar).not.toBe(a.valLossPerChar);
  });

  it('the loss falls over a few epochs', async () => {
    const io = memoryIo();
    await runCharRnn({ ...tiny, epochs: 3, lr: 1e-2, sampleLength: 0 }, io);
    const losses = io.stdout.filter((l) => l.startsWith('epoch')).map((l) => Number(/ loss (\S+)/.exec(l)?.[1]));
    expect(losses).toHaveLength(3);
    expect(losses[2]).toBeLessThan(losses[0] as number);
  });

  it('is registered under neurite train, with its defaults and checked options', async () => {
    const parse = (...args: string[]) => trainParseOutput('char-rnn', ...args);
    const help = await parse('--help');
    for (const flag of ['--cell', '--epochs', '--hidden', '--seed', '--json', '--length']) expect(help).toContain(flag);
    expect(await parse('--cell', 'rnn')).toMatch(/--cell must be one of lstm, gru/);
    expect(await parse('--length', '1')).toMatch(/--length must be a whole number >= 2/);
  });
});
