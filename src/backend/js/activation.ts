/** JS reference activation kernels. */
import type { ActivationKernels } from '../kernels/activation.js';

export const jsActivation: ActivationKernels = {};
