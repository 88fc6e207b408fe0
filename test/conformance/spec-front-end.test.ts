/**
 * The decoder and validator against the Wasm 2.0 spec scripts, without kpio's text parser: every
 * script is converted by wabt's `wast2json`, then every binary module of the script is decoded and
 * validated. Valid modules must pass; `assert_malformed` / `assert_invalid` binary modules must fail
 * with a CompileError, and its message must start with the script's expected text unless the
 * mismatch is listed below with its reason. Text-only malformed modules (`.wat`) belong to the text
 * front end and are skipped.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import type { ConvertedScript } from '../robustness/spec-binaries.js';
import {
  VALID_MODULE_COMMANDS,
  checkConversion,
  convertSpecScript,
  haveWast2json,
  readModule,
  specCorpusDir,
  wastFiles,
} from '../robustness/spec-binaries.js';

/**
 * Message mismatches that come from wast2json's encoding, not from kpio: `file:line` -> reason.
 */
const KNOWN_MESSAGE_MISMATCHES: Readonly<Record<string, string>> = {
  'memory_init.wast:190':
    'text module using memory.init without data segments: wabt emits no data count section, so the binary is malformed ("data count section required") before it can be invalid',
  'memory_init.wast:227':
    'same as memory_init.wast:190 (the binary lacks the data count section its memory.init needs)',
  'select.wast:324':
    'wabt encodes `select (result)` with zero types as the untyped select 0x1b, which is a type mismatch rather than an arity error',
};

const specDir = specCorpusDir();
const enabled = specDir !== null && haveWast2json();

describe.skipIf(!enabled)('spec 2.0 scripts through wast2json: decoder + validator', () => {
  const tmp = enabled ? fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-spec-front-end-')) : '';
  const counts = {
    scripts: 0,
    notConverted: [] as string[],
    validModules: 0,
    malformed: 0,
    malformedMessageMatch: 0,
    invalid: 0,
    invalidMessageMatch: 0,
    textSkipped: 0,
  };

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.log(
      [
        `[spec front end] ${counts.scripts} scripts converted, ${counts.notConverted.length} not converted by wast2json` +
          (counts.notConverted.length ? ` (${counts.notConverted.join(', ')})` : ''),
        `  valid modules decoded and validated: ${counts.validModules}`,
        `  assert_malformed (binary) rejected: ${counts.malformed}, message prefix matches: ${counts.malformedMessageMatch}`,
        `  assert_invalid rejected: ${counts.invalid}, message prefix matches: ${counts.invalidMessageMatch}`,
        `  text-only malformed modules skipped: ${counts.textSkipped}`,
      ].join('\n'),
    );
  });

  it.for(enabled ? wastFiles(specDir) : [])('%s', (file) => {
    const converted = convertSpecScript(specDir!, file, tmp);
    const listed = checkConversion(file, converted);
    if (typeof converted === 'string') {
      counts.notConverted.push(`${file} (${listed})`);
      return;
    }
    counts.scripts++;
    const problems = checkScript(file, converted, counts);
    expect(problems).toEqual([]);
  });
});

/** Runs the commands of one script; returns a line per failed expectation. */
function checkScript(
  file: string,
  script: ConvertedScript,
  counts: { validModules: number; malformed: number; malformedMessageMatch: number; invalid: number; invalidMessageMatch: number; textSkipped: number },
): string[] {
  const problems: string[] = [];
  for (const cmd of script.commands) {
    if (!cmd.filename) continue;
    const where = `${file}:${cmd.line}`;
    if (!cmd.filename.endsWith('.wasm')) {
      counts.textSkipped++;
      continue;
    }
    const bytes = readModule(script, cmd);
    if (VALID_MODULE_COMMANDS.has(cmd.type)) {
      try {
        validateModule(decodeModule(bytes));
        counts.validModules++;
      } catch (e) {
        problems.push(`${where} ${cmd.type}: valid module rejected: ${(e as Error).message}`);
      }
      continue;
    }
    if (cmd.type !== 'assert_malformed' && cmd.type !== 'assert_invalid') continue;
    let error: unknown = null;
    try {
      validateModule(decodeModule(bytes));
    } catch (e) {
      error = e;
    }
    if (!(error instanceof CompileError)) {
      problems.push(`${where} ${cmd.type}: expected a CompileError ("${cmd.text}"), got ${error === null ? 'success' : String(error)}`);
      continue;
    }
    const matches = error.reason.startsWith(cmd.text ?? '');
    if (cmd.type === 'assert_malformed') {
      counts.malformed++;
      if (matches) counts.malformedMessageMatch++;
    } else {
      counts.invalid++;
      if (matches) counts.invalidMessageMatch++;
    }
    if (!matches && KNOWN_MESSAGE_MISMATCHES[where] === undefined) {
      problems.push(`${where} ${cmd.type}: expected "${cmd.text}", got "${error.reason}"`);
    }
  }
  return problems;
}
