/** Matrix-multiplication kernels. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the matmul family
export interface MatmulKernels {}
