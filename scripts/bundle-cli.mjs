// Bundles the command line (src/cli/main.ts and the library it imports) into one ES module,
// dist/cli/neurite.js, the package's `neurite` bin. Dependencies (commander, …) stay imports.
//
// Why: Node loads ~200 ES modules one by one (resolve, read, compile, link, evaluate), and the
// loader's garbage then fills V8's old generation until a full mark-compact runs in the middle of
// the first training epochs. One module starts in ~0.15 s instead of ~0.21 s and trains the iris
// default ~15 % faster (docs/PERFORMANCE.md, *The iris CLI run*). The library's own modules in
// dist/ are unchanged; the bundle is the same sources, transformed by esbuild as vitest does.
//
// `node scripts/bundle-cli.mjs [OUTFILE [ROOT]]`: ROOT's src/cli/main.ts (default this checkout)
// into OUTFILE (default dist/cli/neurite.js). The bench bundles into .tmp/cli/ to run the current
// sources without touching dist/ (and bench:ab each tree's). The bundle reads the version from
// ../../package.json, so OUTFILE must sit two directories below the package root.
import { chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundle `root`'s src/cli/main.ts into `outfile` (an executable ES module).
 * @example await bundleCli(ROOT, join(ROOT, 'dist/cli/neurite.js'))
 */
export async function bundleCli(root, outfile) {
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = resolve(process.argv[2] ?? join(ROOT, 'dist/cli/neurite.js'));
  await bundleCli(resolve(process.argv[3] ?? ROOT), outfile);
  console.log(`bundle-cli: wrote ${outfile}`);
}
