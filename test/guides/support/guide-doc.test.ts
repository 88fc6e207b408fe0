import { describe, expect, it } from 'vitest';
import { consoleSteps, fencedBlocks, guideSteps, snippets } from './guide-doc.js';

const FENCE = '```';

describe('fencedBlocks', () => {
  it('reads the language, attributes, lines and line number', () => {
    const md = ['# t', '', `${FENCE}c file=wc.c`, 'int x;', FENCE, 'text', `${FENCE}console`, '$ ls', FENCE].join('\n');
    expect(fencedBlocks(md)).toEqual([
      { lang: 'c', attrs: { file: 'wc.c' }, lines: ['int x;'], line: 3 },
      { lang: 'console', attrs: {}, lines: ['$ ls'], line: 7 },
    ]);
  });

  it('keeps shorter fences inside a longer one', () => {
    const md = ['````md', '```', 'inner', '```', '````'].join('\n');
    expect(fencedBlocks(md)).toEqual([{ lang: 'md', attrs: {}, lines: ['```', 'inner', '```'], line: 1 }]);
  });

  it('refuses an unclosed fence', () => {
    expect(() => fencedBlocks('```c\nint x;\n')).toThrow('unclosed code fence opened at line 1');
  });
});

describe('consoleSteps', () => {
  it.each([
    { lines: ['$ a', 'out 1', 'out 2', '$ b'], want: [['a', ['out 1', 'out 2']], ['b', []]] },
    { lines: ['$ a \\', '  --x', 'done  ', ''], want: [['a \\\n  --x', ['done']]] },
    { lines: ['$ echo $?', '1'], want: [['echo $?', ['1']]] },
  ])('splits $lines into commands and outputs', ({ lines, want }) => {
    const steps = consoleSteps({ lang: 'console', attrs: {}, lines, line: 10 });
    expect(steps.map((s) => (s.kind === 'command' ? [s.command, s.expected] : null))).toEqual(want);
    expect(steps[0]!.line).toBe(11);
  });

  it('refuses output before the first command', () => {
    expect(() => consoleSteps({ lang: 'console', attrs: {}, lines: ['x'], line: 1 })).toThrow('output before the first');
  });
});

describe('guideSteps and snippets', () => {
  it('keeps file and console steps in document order and skips sh blocks', () => {
    const md = [`${FENCE}sh`, 'npm install', FENCE, `${FENCE}toml file=app/m.toml`, 'a = 1', FENCE, `${FENCE}console`, '$ x', 'y', FENCE].join('\n');
    expect(guideSteps(md)).toEqual([
      { kind: 'file', path: 'app/m.toml', content: 'a = 1\n', line: 4 },
      { kind: 'command', command: 'x', expected: ['y'], line: 8 },
    ]);
  });

  it('pairs each ts block with the text block right after it', () => {
    const md = [`${FENCE}ts`, 'a()', FENCE, `${FENCE}text`, 'out', '', FENCE, `${FENCE}ts`, 'b()', FENCE, 'prose', `${FENCE}ts`, 'c()', FENCE].join('\n');
    expect(snippets(md)).toEqual([
      { code: 'a()\n', expected: ['out'], line: 1 },
      { code: 'b()\n', expected: null, line: 8 },
      { code: 'c()\n', expected: null, line: 12 },
    ]);
  });
});
