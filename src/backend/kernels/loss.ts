/** Fused loss kernels (where a fused kernel is more stable or faster than composing ops). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the loss family
export interface LossKernels {}
