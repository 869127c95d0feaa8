/** The JS reference backend: every kernel as plain loops. It is the oracle for all others. */
import type { Kernels } from '../backend.js';
import { jsActivation } from './activation.js';
import { jsConv } from './conv.js';
import { jsElementwise } from './elementwise.js';
import { jsLoss } from './loss.js';
import { jsMatmul } from './matmul.js';
import { jsMovement } from './movement.js';
import { jsNorm } from './norm.js';
import { jsOptim } from './optim.js';
import { jsPool } from './pool.js';
import { jsRecurrent } from './recurrent.js';
import { jsReduce } from './reduce.js';

export const jsKernels: Kernels = {
  ...jsElementwise,
  ...jsActivation,
  ...jsReduce,
  ...jsMovement,
  ...jsMatmul,
  ...jsConv,
  ...jsPool,
  ...jsNorm,
  ...jsRecurrent,
  ...jsLoss,
  ...jsOptim,
};
