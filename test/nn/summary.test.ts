/**
 * Printing modules: toString (tree, configuration, parameter counts) and summary (forward-pass table).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Dropout, Linear, Module, manualSeed, ReLU, randn, Sequential, type Tensor } from '../../src/index.js';

beforeEach(() => manualSeed(0));

describe('printing', () => {
  it('toString prints the tree with configuration and parameter counts', () => {
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Sequential(new Dropout(0.1), new Linear(8, 3)));
    expect(String(model)).toBe(
      [
        'Sequential(  # 67 parameters',
        '  (0): Linear(inFeatures=4, outFeatures=8, bias=true)  # 40 parameters',
        '  (1): ReLU()',
        '  (2): Sequential(  # 27 parameters',
        '    (0): Dropout(p=0.1)',
        '    (1): Linear(inFeatures=8, outFeatures=3, bias=true)  # 27 parameters',
        '  )',
        ')',
      ].join('\n'),
    );
  });

  it('summary runs a forward on zeros and tabulates layers, shapes and counts, restoring the modes', () => {
    const model = new Sequential(new Linear(4, 16), new ReLU(), new Dropout(0.5), new Linear(16, 3, { bias: false }));
    const text = model.summary([2, 4]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Sequential summary for input [2, 4]');
    expect(lines[2]).toMatch(/^Layer \(type\) +Output shape +Params$/);
    expect(lines.slice(4, 8).map((l) => l.split(/ {3,}/))).toEqual([
      ['0 (Linear)', '[2, 16]', '80'],
      ['1 (ReLU)', '[2, 16]', '0'],
      ['2 (Dropout)', '[2, 16]', '0'],
      ['3 (Linear)', '[2, 3]', '48'],
    ]);
    expect(lines.slice(-3)).toEqual(['Total params: 128', 'Trainable params: 128', 'Frozen params: 0']);
    expect(model.training).toBe(true);
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
    expect(model.forward(randn([1, 4])).shape).toEqual([1, 3]);
  });

  it('summary shows nested containers with their children indented, and a leaf root', () => {
    class Net extends Module {
      body = new Sequential(new Linear(3, 5), new ReLU());
      head = new Linear(5, 2);
      forward(x: Tensor): Tensor {
        return this.head.forward(this.body.forward(x));
      }
    }
    const text = new Net().summary([7, 3]);
    expect(text).toMatch(
      /\nbody \(Sequential\) +\[7, 5\] +--\n {2}0 \(Linear\) +\[7, 5\] +20\n {2}1 \(ReLU\) +\[7, 5\] +0\nhead \(Linear\) +\[7, 2\] +12\n/,
    );
    expect(new Linear(3, 2).summary([1, 3])).toMatch(/\nLinear +\[1, 2\] +8\n/);
  });

  it('summary draws no random numbers (Dropout runs in eval mode)', () => {
    const model = new Sequential(new Linear(3, 3), new Dropout(0.5));
    manualSeed(1);
    model.summary([4, 3]);
    const after = randn([3]);
    manualSeed(1);
    expect(after.data).toEqual(randn([3]).data);
  });

  it('summary of a wrong input shape names the layer', () => {
    const model = new Sequential(new Linear(4, 2));
    expect(() => model.summary([1, 5])).toThrow('Linear(4 → 2): input shape [1, 5] does not match expected [N, 4]');
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
  });
});
