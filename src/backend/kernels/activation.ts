/** Activation kernels (elementwise nonlinearities and softmax along an axis). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the activation family
export interface ActivationKernels {}
