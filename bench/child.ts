/**
 * One benchmark process: runs one variant of one workload and writes its figures as JSON.
 * Started by main.ts as `node --import tsx bench/child.ts SPEC.json`, one at a time, so the
 * implementations never share a process, a JIT or a core.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RunSpec } from './lib/types.js';
import { WORKLOADS } from './workloads/index.js';

const specFile = process.argv[2];
if (specFile === undefined) {
  console.error('usage: node --import tsx bench/child.ts SPEC.json (started by bench/main.ts)');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as RunSpec;
const workload = WORKLOADS.find((w) => w.id === spec.workload);
if (workload === undefined) throw new Error(`child: unknown workload ${spec.workload}`);
const data = spec.dataFile === undefined ? undefined : JSON.parse(readFileSync(spec.dataFile, 'utf8'));
const result = await workload.run(spec.variant, { runs: spec.runs, data });
writeFileSync(spec.outFile, JSON.stringify(result));
// Exit explicitly: a worker pool or a tfjs backend must not keep the process (and the run) waiting.
process.exit(0);
