// Bundles a TypeScript child-process script (and the kpio sources it imports) into one .mjs with
// esbuild, so tests can spawn it with plain `node` quickly and many times.
import { build } from 'esbuild';
import { join } from 'node:path';

/** Bundles `entry` into `outDir` and returns the path of the .mjs. */
export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'child.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // Note: CommonJS dependencies bundled into ESM need a `require` for node built-ins.
    banner: { js: "import { createRequire as __kpioCreateRequire } from 'node:module'; const require = __kpioCreateRequire(import.meta.url);" },
  });
  return outfile;
}
