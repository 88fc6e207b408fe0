/**
 * Reading a guide (Markdown) as a script: the fenced blocks that the guide tests replay.
 *
 * - A block whose info string has `file=PATH` (` ```c file=wc.c `) is a file the reader saves: the
 *   replay writes its content to PATH, relative to the current directory.
 * - A `console` block is a terminal session: each line starting with `$ ` is a command (a trailing
 *   ` \` continues it on the next line), and the lines after it, up to the next command, are what
 *   the command printed (stdout and stderr as a terminal shows them). In expected output a line
 *   that is exactly `...` stands for any number of lines, and `...` inside a line for any text.
 * - `sh` and other blocks are instructions the replay does not run (installing packages).
 * - For the embedding guide: a `ts` block is a program; a `text` block right after it is what the
 *   program prints.
 */

/** One fenced block of a Markdown file. */
export interface FencedBlock {
  /** The first word of the info string (`c`, `console`, `ts`, ...), '' when absent. */
  readonly lang: string;
  /** `key=value` attributes from the rest of the info string. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The lines between the fences. */
  readonly lines: readonly string[];
  /** 1-based line number of the opening fence. */
  readonly line: number;
}

/** A step of a guide's replay, in document order. */
export type GuideStep =
  | { readonly kind: 'file'; readonly path: string; readonly content: string; readonly line: number }
  | { readonly kind: 'command'; readonly command: string; readonly expected: readonly string[]; readonly line: number };

/** A `ts` program of the embedding guide and the output shown after it (null when none is shown). */
export interface Snippet {
  readonly code: string;
  readonly expected: readonly string[] | null;
  readonly line: number;
}

/** Splits Markdown text into its fenced blocks (backtick fences of three or more). */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const [lang = '', ...rest] = open[2]!.trim().split(/\s+/).filter((w) => w !== '');
    const attrs: Record<string, string> = {};
    for (const word of rest) {
      const eq = word.indexOf('=');
      if (eq > 0) attrs[word.slice(0, eq)] = word.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j]!.startsWith(fence) && lines[j]!.trim() === fence)) body.push(lines[j++]!);
    if (j >= lines.length) throw new Error(`unclosed code fence opened at line ${i + 1}`);
    blocks.push({ lang, attrs, lines: body, line: i + 1 });
    i = j;
  }
  return blocks;
}

/** Parses the commands and expected outputs of one `console` block. */
export function consoleSteps(block: FencedBlock): GuideStep[] {
  const steps: { command: string; expected: string[]; line: number }[] = [];
  for (let k = 0; k < block.lines.length; k++) {
    const text = block.lines[k]!;
    if (text.startsWith('$ ')) {
      let command = text.slice(2);
      const line = block.line + 1 + k;
      // Note: the backslash and newline stay: bash reads them as a line continuation.
      while (command.endsWith('\\') && k + 1 < block.lines.length) command = command + '\n' + block.lines[++k]!;
      steps.push({ command, expected: [], line });
    } else {
      const last = steps[steps.length - 1];
      if (!last) throw new Error(`console block at line ${block.line}: output before the first "$ " command`);
      last.expected.push(text);
    }
  }
  return steps.map((s) => ({ kind: 'command', command: s.command, expected: trimTrailingEmpty(s.expected), line: s.line }));
}

/** The replay steps of a guide, in document order. */
export function guideSteps(markdown: string): GuideStep[] {
  const steps: GuideStep[] = [];
  for (const b of fencedBlocks(markdown)) {
    const file = b.attrs['file'];
    if (file !== undefined) {
      steps.push({ kind: 'file', path: file, content: b.lines.join('\n') + '\n', line: b.line });
    } else if (b.lang === 'console') {
      steps.push(...consoleSteps(b));
    }
  }
  return steps;
}

/** The `ts` programs of a document, each with the `text` block that follows it, if any. */
export function snippets(markdown: string): Snippet[] {
  const blocks = fencedBlocks(markdown);
  const out: Snippet[] = [];
  blocks.forEach((b, i) => {
    if (b.lang !== 'ts') return;
    const next = blocks[i + 1];
    const expected = next !== undefined && next.lang === 'text' ? trimTrailingEmpty([...next.lines]) : null;
    out.push({ code: b.lines.join('\n') + '\n', expected, line: b.line });
  });
  return out;
}

function trimTrailingEmpty(lines: string[]): string[] {
  const out = lines.map((l) => l.replace(/\s+$/, ''));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
