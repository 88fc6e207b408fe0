// The runtime corpus: the 35 wit-bindgen "runtime" test components of jco's fixtures, each
// instantiated by the component linker on the interp and native engines with a TypeScript host for
// its test interfaces (test/component/runtime/cases-*.ts) and kpio's WASI 0.2 host. The
// guest's own `test-imports` asserts what the host returns; the host checks the guest's exports.
// Components listed in test/expected-failures.json must fail (with the reason given there): one that
// passes is reported, so the list stays honest.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeComponent } from '../../src/component/binary/index.js';
import { instantiateComponent, type ComponentInstance } from '../../src/component/link/index.js';
import { createEngine } from '../../src/engines.js';
import type { EngineKind } from '../../src/runtime/engine.js';
import { corpusPath } from '../support/corpus.js';
import { projectExpectedFailures } from '../support/expected-failures.js';
import { caseHost, type HostContext, type RuntimeCase } from './runtime/case.js';
import { MISC_CASES } from './runtime/cases-misc.js';
import { RESOURCE_CASES } from './runtime/cases-resources.js';
import { VALUE_CASES } from './runtime/cases-values.js';
import { testWasi } from './runtime/wasi-host.js';


const dir = corpusPath('components/runtime');
const expectedFailures = projectExpectedFailures();
const CASES = new Map<string, RuntimeCase>([...VALUE_CASES, ...MISC_CASES, ...RESOURCE_CASES].map((c) => [c.file, c]));
const ENGINES: readonly EngineKind[] = ['interp', 'native'];

function runCase(file: string, engine: EngineKind): void {
  const c = CASES.get(file);
  if (c === undefined) throw new Error(`no host is written for ${file}`);
  const component = decodeComponent(readFileSync(path.join(dir!, file)));
  const wasi = testWasi();
  let instance: ComponentInstance | undefined;
  const host: HostContext = {
    wasi,
    instance: () => {
      if (instance === undefined) throw new Error('the instance is not ready yet');
      return instance;
    },
  };
  try {
    const h = caseHost(c, host);
    instance = instantiateComponent(component, { engine: createEngine(engine), imports: [h.imports, wasi.interfaces] });
    h.run(instance);
  } catch (e) {
    const stderr = wasi.stderr();
    if (stderr !== '' && e instanceof Error) e.message += `\nguest stderr: ${stderr}`;
    throw e;
  } finally {
    wasi.close();
  }
}

describe.skipIf(dir === null)('runtime component corpus', () => {
  const files = dir === null ? [] : readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort();
  const passed = new Map<EngineKind, number>(ENGINES.map((e) => [e, 0]));

  it('has the 35 components and a host for each', () => {
    expect(files).toHaveLength(35);
    expect(files.filter((f) => !CASES.has(f))).toEqual([]);
  });

  for (const file of files) {
    for (const engine of ENGINES) {
      const xfail = expectedFailures.find('component-runtime', file, engine);
      it(`${file} on ${engine}${xfail ? ' (expected to fail)' : ''}`, () => {
        if (xfail === undefined) {
          runCase(file, engine);
          passed.set(engine, passed.get(engine)! + 1);
          return;
        }
        let failure: unknown;
        try {
          runCase(file, engine);
        } catch (e) {
          failure = e;
        }
        if (failure === undefined) throw new Error(`${file} passes on ${engine}: remove it from test/expected-failures.json (${xfail.reason})`);
      });
    }
  }

  afterAll(() => {
    if (files.length > 0) console.log(`[runtime corpus] passed: ${ENGINES.map((e) => `${e} ${passed.get(e)}/${files.length}`).join(', ')}`);
  });
});
