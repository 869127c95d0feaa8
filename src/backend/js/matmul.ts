/** JS reference matmul kernels: the naive loops kept forever as the oracle. */
import type { MatmulKernels } from '../kernels/matmul.js';

export const jsMatmul: MatmulKernels = {};
