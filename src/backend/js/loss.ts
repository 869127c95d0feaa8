/** JS reference fused loss kernels. */
import type { LossKernels } from '../kernels/loss.js';

export const jsLoss: LossKernels = {};
