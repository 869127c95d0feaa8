// AssemblyScript entry of the WASM backend's module: everything exported here is callable from JS.
export { closeJob, heapBase, openJob, runTasks } from './gemm';
