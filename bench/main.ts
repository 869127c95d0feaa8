/**
 * `npm run bench`: run every workload for neurite (each backend, 1 and N threads where it can set
 * them) and its peers (TensorFlow.js cpu and wasm; PyTorch and scikit-learn when Debian's
 * /usr/bin/python3 has them), each variant in its own process, one after another, and print one
 * table with the figures and how many times faster neurite is. Options: see lib/args.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchArgs, parseArgs, USAGE } from './lib/args.js';
import { machineInfo, PYTHON, probePython, revision } from './lib/machine.js';
import { probeNeurite } from './lib/neurite.js';
import { runChild } from './lib/spawn.js';
import { formatFigure } from './lib/stats.js';
import { RATIO_NOTE, renderTable, tableCells } from './lib/table.js';
import type { Row, Skip, Variant } from './lib/types.js';
import { selectWorkloads } from './workloads/index.js';
import type { BenchEnv } from './workloads/workload.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Why a variant cannot run here (a Python peer that is not importable), or undefined. */
function missing(variant: Variant, env: BenchEnv): string | undefined {
  if (variant.cannotRun !== undefined) return variant.cannotRun;
  if (variant.impl === 'torch' && env.python.torch === undefined) {
    return `torch not importable by ${PYTHON} (apt-get install python3-torch)`;
  }
  if (variant.impl === 'sklearn' && env.python.sklearn === undefined) {
    return `scikit-learn not importable by ${PYTHON} (apt-get install python3-sklearn)`;
  }
  return undefined;
}

function describe(info: Record<string, unknown> | undefined): string {
  return Object.entries(info ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

async function main(args: BenchArgs): Promise<void> {
  const workloads = selectWorkloads(args.only);
  const machine = machineInfo();
  const neurite = await probeNeurite();
  const python = probePython();
  const rev = revision(ROOT);
  const env: BenchEnv = {
    backends: neurite.backends,
    threadSetter: neurite.threadSetter !== undefined,
    cores: machine.cores,
    python: { torch: python.torch, sklearn: python.sklearn },
    skip: args.skip ?? [],
  };
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores (${machine.simd}), ${machine.memoryGiB} GiB, ${machine.os}`,
  );
  console.log(
    `neurite ${rev}: backends ${neurite.backends.join(', ')}; thread setter ${neurite.threadSetter ?? 'none (threads not varied)'}`,
  );
  console.log(`node ${machine.node}; python peers (${PYTHON}): ${describe({ ...python }) || 'none'}`);
  console.log('tfjs: @tensorflow/tfjs 4.22 cpu and @tensorflow/tfjs-backend-wasm 4.22 (no threads under Node)\n');

  const tmp = mkdtempSync(join(tmpdir(), 'neurite-bench-'));
  const rows: Row[] = [];
  const skips: Skip[] = [];
  const settings: Record<string, Record<string, unknown>> = {};
  const started = performance.now();
  try {
    let index = 0;
    for (const workload of workloads) {
      console.log(`${workload.id}  ${workload.title}`);
      let dataFile: string | undefined;
      if (workload.prepareData !== undefined) {
        dataFile = join(tmp, `${workload.id}-data.json`);
        writeFileSync(dataFile, JSON.stringify(await workload.prepareData()));
      }
      for (const variant of workload.variants(env)) {
        const reason = missing(variant, env);
        if (reason !== undefined) {
          skips.push({ workload: workload.id, variant, reason });
          console.log(`  ${variant.label}: skipped (${reason})`);
          continue;
        }
        const outFile = join(tmp, `out-${index}.json`);
        const t0 = performance.now();
        try {
          const result = runChild(
            { workload: workload.id, variant, runs: args.runs, dataFile, outFile },
            ROOT,
            tmp,
            index++,
          );
          settings[`${workload.id} ${variant.label}`] = result.info ?? {};
          for (const m of result.measurements) rows.push({ ...m, workload: workload.id, variant });
          const figures = result.measurements.map((m) => `${m.case} ${formatFigure(m.value)} ${m.unit}`).join(' · ');
          console.log(`  ${variant.label}: ${figures}  [${((performance.now() - t0) / 1000).toFixed(1)} s]`);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          skips.push({ workload: workload.id, variant, reason: `failed: ${msg.split('\n')[0]}` });
          console.log(`  ${variant.label}: FAILED\n    ${msg.replaceAll('\n', '\n    ')}`);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const cells = tableCells(rows, skips);
  console.log(`\n${renderTable(cells)}\n`);
  console.log(RATIO_NOTE);
  console.log('\nsettings found at run time:');
  for (const [label, info] of Object.entries(settings)) console.log(`  ${label}: ${describe(info)}`);
  console.log(`\ntotal ${seconds.toFixed(0)} s`);
  const write = (target: string, text: string, what: string) => {
    const file = resolve(target);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`${what} written to ${file}`);
  };
  if (args.json !== undefined) {
    const doc = {
      date: new Date().toISOString(),
      revision: rev,
      args,
      machine,
      neurite,
      python,
      rows,
      skips,
      settings,
      seconds,
    };
    write(args.json, `${JSON.stringify(doc, null, 2)}\n`, 'figures');
  }
  if (args.markdown !== undefined) {
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores (${machine.simd}), ` +
        `${machine.memoryGiB} GiB, ${machine.os}, load average ${machine.load} at start, Node ${machine.node}; neurite ${rev}, backends: ${neurite.backends.join(', ')}; ` +
        `full run ${seconds.toFixed(0)} s.`,
      '',
      renderTable(cells, { markdown: true }),
      '',
      RATIO_NOTE,
      '',
      'Settings found at run time:',
      '',
      ...Object.entries(settings).map(([label, info]) => `- ${label}: ${describe(info)}`),
    ];
    write(args.markdown, `${lines.join('\n')}\n`, 'Markdown table');
  }
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
if (args.help) console.log(USAGE);
else await main(args);
