// The malformed-package suite, reading side: every hostile archive is refused by readPackage with
// its specific code and message, as a PackageError (never a bare exception).
import { describe, expect, it } from 'vitest';
import { PackageError, readPackage } from '../../src/package/index.js';
import { HOSTILE_ARCHIVES } from './hostile-archives.js';
import { inspectEntryForTests } from './wasm-fixtures.js';

describe('hostile archives are refused', () => {
  it('has at least 25 cases', () => {
    expect(HOSTILE_ARCHIVES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HOSTILE_ARCHIVES.map((c) => c.name)).size).toBe(HOSTILE_ARCHIVES.length);
  });

  it.each(HOSTILE_ARCHIVES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let error: unknown;
    try {
      readPackage(c.bytes(), { inspectEntry: inspectEntryForTests, source: 'evil.kpioapp', limits: c.limits, ...c.options });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackageError);
    const pe = error as PackageError;
    expect({ code: pe.code, message: pe.message }).toMatchObject({ code: c.code, message: expect.stringContaining(c.message) });
    // Every message says which file it is about.
    expect(pe.message).toMatch(/^(evil\.kpioapp|manifest\.toml|bin\/app\.wasm|signatures\.toml): /);
  });
});
