import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IOP_NAMES, IOP_OPERANDS, IOp, MISC_BASE } from './ops.js';

/** The `case N: // NAME` (or `case N: {` then `// NAME`) labels of an executor source file. */
function caseLabels(file: string): [number, string][] {
  const src = fs.readFileSync(new URL(file, import.meta.url), 'utf8');
  const out: [number, string][] = [];
  const re = /case (\d+): (?:\/\/ (\w+)|\{\s*\n\s*\/\/ (\w+)|[^\n]*; \/\/ (\w+)\n)/g;
  for (const m of src.matchAll(re)) out.push([Number(m[1]), (m[2] ?? m[3] ?? m[4])!]);
  return out;
}

describe('internal op table', () => {
  it('numbers are unique and the main group is dense from 0', () => {
    const codes = Object.values(IOp);
    expect(new Set(codes).size).toBe(codes.length);
    const main = codes.filter((c) => c < MISC_BASE).sort((a, b) => a - b);
    expect(main).toEqual(main.map((_, i) => i));
    for (const name of Object.keys(IOp)) expect(IOP_OPERANDS).toHaveProperty(name);
  });

  it.each(['./executor.ts', './exec-cold.ts', './exec-misc.ts'])('every case literal in %s names its op', (file) => {
    const labels = caseLabels(file);
    expect(labels.length).toBeGreaterThan(20);
    for (const [code, name] of labels) expect([code, IOP_NAMES.get(code)]).toEqual([code, name]);
  });

  it('every op is handled by the dispatch loop, exec-cold or exec-misc', () => {
    const handled = new Set(
      [...caseLabels('./executor.ts'), ...caseLabels('./exec-cold.ts'), ...caseLabels('./exec-misc.ts')].map(([c]) => c),
    );
    const missing = [...IOP_NAMES.entries()].filter(([c]) => !handled.has(c)).map(([, n]) => n);
    expect(missing).toEqual([]);
  });
});
