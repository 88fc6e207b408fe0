#!/usr/bin/env node
// The kpio command: a thin launcher for the compiled CLI in dist/.
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
