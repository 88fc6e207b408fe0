// The loader of the bundled CLI, copied to dist/cli/bundle/loader.cjs by bundle-cli.mjs; bin/kpio.js
// requires it, and dist/cli/bundle/main.mjs (cli-main.mjs) re-exports it for ES modules.
//
// The whole CLI is one classic script, cli.cjs: a function expression that this loader compiles
// with node:vm and calls. A script (unlike an ES module on Node 20) can be compiled from V8's code
// cache: cli.v8-cache, made at build time by a warm-up run, holds the bytecode of everything that a
// typical `kpio run` executes, so start-up neither parses the bundle nor compiles those functions.
// V8 checks the cache against the source, its own version and the process's flags; a cache that
// does not match (another Node version, other V8 flags) is ignored and the script compiles as
// usual. Nothing is ever written at run time.
//
// Note: CommonJS, so that `kpio` starts without Node's ES module loader (a few ms: resolving,
// reading and linking each module file asynchronously).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { fileURLToPath, pathToFileURL } = require('node:url');
const vm = require('node:vm');

const scriptPath = path.join(__dirname, 'cli.cjs');
const cachePath = path.join(__dirname, 'cli.v8-cache');

const source = fs.readFileSync(scriptPath, 'utf8');
let cachedData;
try {
  cachedData = fs.readFileSync(cachePath);
} catch {
  cachedData = undefined;
}

// Note: the bundle has no import() (bundle-cli.mjs turns it into require()), so the script needs
// no dynamic-import callback, which Node 20 would lose when the script comes from the cache.
const script = new vm.Script(source, { filename: scriptPath, cachedData });

// The bundle's require: Node's, also taking the file: URLs that import() was given.
const nodeRequire = createRequire(scriptPath);
const bundleRequire = Object.assign((id) => nodeRequire(id.startsWith('file:') ? fileURLToPath(id) : id), nodeRequire);

const cli = { exports: {} };
// Parameters of the wrapper that bundle-cli.mjs puts around the bundle: CommonJS's exports,
// require and module, and the URL that stands for `import.meta.url` in the sources.
script.runInThisContext()(cli.exports, bundleRequire, cli, pathToFileURL(scriptPath).href);

/** Runs the CLI: `runCli(argv, io?) -> exit code` (see src/cli/main.ts). */
exports.runCli = cli.exports.runCli;

/** What happened to the code cache: `accepted`, `rejected` (did not match) or `absent`. */
exports.codeCacheStatus = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';

/** The code cache of everything compiled so far (for the build's warm-up run). */
exports.createCodeCache = function createCodeCache() {
  return script.createCachedData();
};
