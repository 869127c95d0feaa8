/**
 * The V8 setting the `neurite` command runs with. V8 optimizes a function once it has run about
 * 66 KiB of bytecode (its `--interrupt-budget`), on background threads (four in Node.js).
 * A training step calls dozens of small functions, and in the first second of a run nearly all of
 * them reach that budget at once. On a machine with few cores those compile jobs take the
 * training thread's core: on the 2-core bench machine `neurite train iris` spent ~0.6 s of
 * background compile time inside a ~0.2 s run. Four times the budget leaves
 * lukewarm functions to the baseline compiler and optimizes only the hot ones (81 → 25–43
 * compile jobs). `npm run bench:ab -- --what cli` on that machine, with and without this (15 cold
 * runs per tree, two passes): trainSeconds 174 → 125 and 134 → 115 ms.
 * Longer runs lose nothing measurable: the hot functions are optimized a few
 * milliseconds later. The library never sets engine flags; only this command does, for its own
 * process, and a budget the user gives (`node --interrupt-budget=…`, or in NODE_OPTIONS) wins.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default `--interrupt-budget` in Node.js 20 (V8 11.3), in bytes of bytecode. */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67_584;

/** The budget the CLI runs with: 4× V8's default. */
export const CLI_INTERRUPT_BUDGET = 4 * V8_DEFAULT_INTERRUPT_BUDGET;

/**
 * The V8 flags the CLI should set, given the process's own Node/V8 options: none when the user
 * already chose an interrupt budget.
 * @param execArgv `process.execArgv`; @param nodeOptions `process.env.NODE_OPTIONS`.
 * @example engineFlags([], undefined) // ['--interrupt-budget=270336']
 * @example engineFlags(['--interrupt-budget=1000'], undefined) // []
 */
export function engineFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (given.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) return [];
  return [`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`];
}

/**
 * Set the CLI's V8 flags on this process (before any training code runs hot).
 * @returns the flags set.
 * @example tuneEngine(); // ['--interrupt-budget=270336']
 */
export function tuneEngine(): string[] {
  const flags = engineFlags(process.execArgv, process.env.NODE_OPTIONS);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
