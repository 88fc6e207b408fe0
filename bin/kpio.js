#!/usr/bin/env node
// The kpio command: a thin launcher for the compiled CLI (the bundle in dist/cli/bundle when it was built,
// else the module-by-module dist/).
//
// Note: a CommonJS script (bin/package.json), so that `kpio` starts without Node's ES module loader;
// the bundle's loader is CommonJS too (scripts/cli-loader.cjs).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const loader = path.join(__dirname, '../dist/cli/bundle/loader.cjs');
const cli = fs.existsSync(loader) ? Promise.resolve(require(loader)) : import('../dist/cli/main.js');
cli
  .then(({ runCli }) => runCli(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
