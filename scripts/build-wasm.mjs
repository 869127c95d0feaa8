// Compiles the AssemblyScript kernels of the WASM backend and embeds them (being written).
