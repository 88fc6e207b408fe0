import { describe, expect, it } from 'vitest';
import { decodeModule } from './decoder.js';
import { decodeNameSection } from './name-section.js';

const str = (s: string): number[] => {
  const b = [...new TextEncoder().encode(s)];
  return [b.length, ...b];
};
const sub = (id: number, content: number[]): number[] => [id, content.length, ...content];
const names = (...subs: number[][]) => decodeNameSection(Uint8Array.from(subs.flat()));

describe('decodeNameSection', () => {
  it('reads the module name, function names and local names', () => {
    const n = names(
      sub(0, str('mod')),
      sub(1, [2, 0, ...str('main'), 3, ...str('helper')]),
      sub(2, [1, 3, 2, 0, ...str('x'), 1, ...str('y')]),
    );
    expect(n).not.toBeNull();
    expect(n!.module).toBe('mod');
    expect([...n!.funcs]).toEqual([
      [0, 'main'],
      [3, 'helper'],
    ]);
    expect([...n!.locals.get(3)!]).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
  });

  it('skips subsections it does not know', () => {
    const n = names(sub(1, [1, 0, ...str('f')]), sub(7, [1, 0, ...str('g')]), sub(9, [0xff]));
    expect(n!.funcs.get(0)).toBe('f');
  });

  it('accepts an empty section', () => {
    expect(names()).toEqual({ funcs: new Map(), locals: new Map() });
  });

  it.each<[string, number[][]]>([
    ['subsection past the end', [[1, 9, 0]]],
    ['subsections out of order', [sub(1, [0]), sub(0, str('m'))]],
    ['duplicate subsection', [sub(1, [0]), sub(1, [0])]],
    ['indices not increasing', [sub(1, [2, 1, ...str('a'), 1, ...str('b')])]],
    ['subsection larger than its contents', [sub(0, [...str('m'), 0])]],
    ['bad UTF-8', [sub(0, [1, 0xc0])]],
    ['count beyond the subsection', [sub(1, [5, 0])]],
  ])('returns null for %s', (_name, subs) => {
    expect(names(...subs)).toBeNull();
  });
});

describe('decodeModule and the name section', () => {
  // A module with one function and a name section naming the module and that function.
  const nameSection = [...sub(0, str('m')), ...sub(1, [1, 0, ...str('main')])];
  const custom = [...str('name'), ...nameSection];
  const bytes = Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: [] -> []
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code section: an empty body
    0x00, custom.length, ...custom,
  ]);

  it('gives the names on first use, as decodeNameSection does', () => {
    const m = decodeModule(bytes);
    expect(m.names).toEqual(decodeNameSection(Uint8Array.from(nameSection)));
    expect(m.names?.funcs.get(0)).toBe('main');
  });

  it('lets a tool replace them', () => {
    const m = decodeModule(bytes);
    m.names = null;
    expect(m.names).toBeNull();
  });
});
