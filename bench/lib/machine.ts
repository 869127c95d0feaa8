/**
 * What the table was measured on: the machine, and which Python peers /usr/bin/python3 can import
 * (Debian's python3-torch, python3-sklearn), with their versions and BLAS.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Debian's interpreter: the Python peers must not pick up a virtualenv's python. */
export const PYTHON = '/usr/bin/python3';

/** The machine as printed above the table and written to the JSON. */
export interface Machine {
  cpu: string;
  cores: number;
  /** SIMD flags that matter for GEMM (avx2, avx512f, fma) found in /proc/cpuinfo. */
  simd: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** The 1-minute load average when the run started: above ~0.5 on this 2-core machine, expect noise. */
  load: number;
}

/** Read the machine's description (Linux /proc/cpuinfo where present, `os` otherwise). */
export function machineInfo(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  let simd = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
    const flags = new Set((/^flags\s*:\s*(.+)$/m.exec(info)?.[1] ?? '').split(/\s+/));
    simd = ['avx2', 'fma', 'avx512f'].filter((f) => flags.has(f)).join(' ');
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    simd,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** Versions of the Python peers importable by /usr/bin/python3 (absent keys: not importable). */
export interface PythonPeers {
  python?: string;
  numpy?: string;
  torch?: string;
  sklearn?: string;
  /** BLAS libraries as threadpoolctl reports them, e.g. 'openblas 0.3.21 SkylakeX'. */
  blas?: string;
}

const PROBE = `
import json, sys
out = {"python": sys.version.split()[0]}
for name in ("numpy", "torch", "sklearn"):
    try:
        out[name] = __import__(name).__version__
    except Exception:
        pass
try:
    from threadpoolctl import threadpool_info
    out["blas"] = "; ".join(
        " ".join(str(x) for x in (i.get("internal_api"), i.get("version"), i.get("architecture")) if x)
        for i in threadpool_info())
except Exception:
    pass
print(json.dumps(out))
`;

/** Ask /usr/bin/python3 which peers it can import ({} when there is no such interpreter). */
export function probePython(): PythonPeers {
  const r = spawnSync(PYTHON, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return {};
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as PythonPeers;
  } catch {
    return {};
  }
}

/**
 * The neurite revision measured: the short commit, marked when src/ has uncommitted changes.
 * @example revision('/work/main') // 'a1b2c3d' or 'a1b2c3d + uncommitted src/'
 */
export function revision(root: string): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--', 'src').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' + uncommitted src/' : ''}`;
}
