/**
 * The project's single expected-failures list (`test/expected-failures.json`), for every conformance
 * runner: spec scripts (`spec`), component scripts (`component-wast`), wasi-testsuite
 * (`wasi-testsuite`), the component runtime corpus (`component-runtime`). Every entry has a reason.
 */

import fs from 'node:fs';
import path from 'node:path';
import { ExpectedFailures } from '../../src/wast/expected-failures.js';
import { REPO_ROOT } from './corpus.js';

/** The loaded list. */
export function projectExpectedFailures(): ExpectedFailures {
  return ExpectedFailures.fromJson(fs.readFileSync(path.join(REPO_ROOT, 'test/expected-failures.json'), 'utf8'));
}
