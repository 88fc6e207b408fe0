#!/usr/bin/env node
// The kpio command: a thin launcher for the compiled CLI (the bundle in dist/cli/bundle when it was built,
// else the module-by-module dist/).
import fs from 'node:fs';

const bundle = new URL('../dist/cli/bundle/main.mjs', import.meta.url);
const { runCli } = await import(fs.existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
process.exitCode = await runCli(process.argv.slice(2));
