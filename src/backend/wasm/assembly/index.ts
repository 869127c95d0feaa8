// AssemblyScript entry of the WASM backend's module: everything exported here is callable from JS.
export { closeJob, gemm, heapBase, openJob, runTasks, scratchBytes } from './gemm';
export { maddProbe } from './micro';
export { adamStep } from './optim';
export { relu, reluGrad } from './activation';
export { maxPool2x2, maxPoolBackward } from './pooling';
export { addRowBias, colSums } from './bias';
export { lstmCell, lstmSequence, lstmSequenceBackward } from './recurrent';
