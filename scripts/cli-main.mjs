// The ES module entry of the bundled CLI, copied to dist/cli/bundle/main.mjs by bundle-cli.mjs: what
// worker threads, the build's warm-up run and other ES modules import. The loading itself is
// loader.cjs (cli-loader.cjs), which bin/kpio.js requires directly.
import loader from './loader.cjs';

/** Runs the CLI: `runCli(argv, io?) -> exit code` (see src/cli/main.ts). */
export const runCli = loader.runCli;

/** What happened to the code cache: `accepted`, `rejected` (did not match) or `absent`. */
export const codeCacheStatus = loader.codeCacheStatus;

/** The code cache of everything compiled so far (for the build's warm-up run). */
export const createCodeCache = loader.createCodeCache;
