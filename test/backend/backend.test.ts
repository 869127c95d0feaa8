import { describe, expect, it } from 'vitest';
import { jsKernels } from '../../src/backend/js/index.js';
import {
  getBackend,
  type Kernels,
  listBackends,
  registerBackend,
  setBackend,
  tensor,
  ValueError,
} from '../../src/index.js';

describe('backend selection', () => {
  it("the JS reference and 'wasm' are registered; 'wasm' is the default unless NEURITE_BACKEND says", () => {
    expect(listBackends()).toEqual(['js', 'wasm']);
    expect(getBackend()).toBe(process.env.NEURITE_BACKEND || 'wasm');
  });

  it('a backend can replace single kernels; ops dispatch to the active one', () => {
    let calls = 0;
    const counting: Kernels = {
      ...jsKernels,
      exp: (x) => {
        calls++;
        return jsKernels.exp(x);
      },
    };
    registerBackend({ name: 'counting', kernels: counting });
    setBackend('counting');
    try {
      tensor([0, 1]).exp();
      expect(calls).toBe(1);
    } finally {
      setBackend('js');
    }
    tensor([0, 1]).exp();
    expect(calls).toBe(1);
  });

  it('unknown names fail with the list of backends', () => {
    expect(() => setBackend('cuda')).toThrow(ValueError);
    expect(() => setBackend('cuda')).toThrow(/unknown backend 'cuda'; available: js/);
  });
});
