// Bundles the core entry for browsers with esbuild (platform 'browser'). Any Node built-in
// pulled in below the core (fs, path, worker_threads, …) fails the bundle, and so the build.
import { build } from 'esbuild';

try {
  const result = await build({
    entryPoints: ['dist/index.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const bytes = result.outputFiles[0].contents.length;
  console.log(`browser bundle check: ok (${(bytes / 1024).toFixed(0)} KiB, no Node built-ins)`);
} catch (err) {
  console.error('browser bundle check FAILED: the core must not import Node built-ins.');
  for (const e of err.errors ?? []) console.error(`  ${e.location?.file ?? ''}: ${e.text}`);
  process.exit(1);
}
