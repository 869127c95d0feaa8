/** JS reference data-movement kernels. */
import { broadcastStrides, numel } from '../../shape.js';
import type { MovementKernels } from '../kernels/movement.js';
import { like } from './broadcast.js';

export const jsMovement: MovementKernels = {
  broadcastTo(x, shape, outShape) {
    const n = numel(outShape);
    const out = like(x, n);
    const nd = outShape.length;
    const st = broadcastStrides(shape, outShape);
    const idx = new Array<number>(nd).fill(0);
    let src = 0;
    for (let i = 0; i < n; i++) {
      out[i] = x[src] as number;
      for (let d = nd - 1; d >= 0; d--) {
        idx[d] = (idx[d] as number) + 1;
        src += st[d] as number;
        if ((idx[d] as number) < (outShape[d] as number)) break;
        src -= (st[d] as number) * (outShape[d] as number);
        idx[d] = 0;
      }
    }
    return out;
  },
};
