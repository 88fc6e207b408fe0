/**
 * `parseWast`: the parser of `.wast` spec scripts.
 *
 * Text modules are not parsed here: each `(module ...)` keeps its exact source text, to be
 * handed to `parseWat` by whoever runs the script. That keeps script parsing cheap and lets a
 * runner report a malformed module as a failed command rather than an unreadable script.
 */

import { LineMap, tokenize, TokenKind } from './lexer.js';
import type { TokenList } from './lexer.js';
import { TokenCursor } from './token-cursor.js';
import { isOpenWord, parseComponentCommand, parseComponentDefinition, parseComponentValue, wordAt } from './wast-component.js';
import type { WastAction, WastArg, WastCommand, WastComponentInvoke, WastComponentValue, WastExpected, WastModule, WastPosition, WastScript } from './wast-types.js';
import { parseWastConst, parseWastExpected } from './wast-values.js';

/** Module fields that make a script an inline module (a bare list of fields). */
const FIELD_KEYWORDS = new Set(['type', 'func', 'table', 'memory', 'global', 'import', 'export', 'start', 'elem', 'data']);

/**
 * Parses a `.wast` script.
 *
 * @throws {WatParseError} for malformed scripts, with position and reason.
 */
export function parseWast(text: string, filename = '<input>'): WastScript {
  const toks = tokenize(text);
  return new WastParser(new TokenCursor(toks, filename), toks).script();
}

/** Recursive-descent parser of script commands. */
class WastParser {
  private readonly lines: LineMap;
  /**
   * Whether each named instance is a core module instance or a component instance, and which
   * the most recent one is: actions on components take component values.
   */
  private readonly instanceKinds = new Map<string, 'core' | 'component'>();
  private currentKind: 'core' | 'component' | null = null;

  constructor(
    private readonly cur: TokenCursor,
    private readonly toks: TokenList,
  ) {
    this.lines = new LineMap(toks.text);
  }

  script(): WastScript {
    const cur: TokenCursor = this.cur;
    const commands: WastCommand[] = [];
    if (cur.peek() === TokenKind.LParen && FIELD_KEYWORDS.has(cur.rawKeywordAt(1) ?? '')) {
      // A script that is a bare module body: one module command spanning the whole text.
      const pos = this.position(0);
      commands.push({ kind: 'module', name: null, source: { kind: 'text', text: this.toks.text, line: 1, column: 1 }, ...pos });
      return { filename: cur.filename, commands };
    }
    while (cur.peek() !== TokenKind.Eof) commands.push(this.command());
    return { filename: cur.filename, commands };
  }

  private position(i: number): WastPosition {
    return this.lines.position(this.toks.starts[i]!);
  }

  private command(): WastCommand {
    const cur: TokenCursor = this.cur;
    const at = cur.expect(TokenKind.LParen);
    if (wordAt(cur, cur.pos) === 'component') {
      cur.pos = at;
      const c = parseComponentCommand(cur, (i) => this.position(i));
      if (c.kind === 'component_instance' || (c.kind === 'component' && !c.definition)) this.noteInstance(c.name, 'component');
      return c;
    }
    const kw = cur.keywordAt(cur.pos);
    const pos = this.position(at);
    if (kw === 'module') {
      cur.pos = at;
      const m = this.module();
      this.noteInstance(m.name, 'core');
      return m;
    }
    if ((kw === 'invoke' || kw === 'assert_return' || kw === 'assert_trap') && this.invokesComponent(kw === 'invoke' ? at : at + 2)) {
      return this.componentCommand(kw, at);
    }
    if ((kw === 'assert_invalid' || kw === 'assert_malformed' || kw === 'assert_unlinkable' || kw === 'assert_uninstantiable' || kw === 'assert_trap') && isOpenWord(cur, 'component', at + 2)) {
      cur.pos = at + 2;
      const component = parseComponentDefinition(cur, (i) => this.position(i));
      const message = cur.name();
      cur.close();
      const k = kw === 'assert_trap' ? 'assert_uninstantiable' : kw;
      return { kind: `component_${k}`, component, message, ...pos };
    }
    cur.pos++;
    let cmd: WastCommand;
    switch (kw) {
      case 'register': {
        const as = cur.name();
        const module = cur.optionalId();
        cmd = { kind: 'register', as, module, ...pos };
        break;
      }
      case 'invoke':
      case 'get':
        cur.pos = at;
        return { kind: 'action', action: this.action(), ...pos };
      case 'assert_return': {
        const action = this.action();
        const expected: WastExpected[] = [];
        while (cur.peek() === TokenKind.LParen) expected.push(parseWastExpected(cur));
        cmd = { kind: 'assert_return', action, expected, ...pos };
        break;
      }
      case 'assert_trap':
        if (cur.atOpen('module')) {
          const module = this.module();
          cmd = { kind: 'assert_uninstantiable', module, message: cur.name(), ...pos };
        } else {
          const action = this.action();
          cmd = { kind: 'assert_trap', action, message: cur.name(), ...pos };
        }
        break;
      case 'assert_exhaustion': {
        const action = this.action();
        cmd = { kind: 'assert_exhaustion', action, message: cur.name(), ...pos };
        break;
      }
      case 'assert_invalid':
      case 'assert_malformed':
      case 'assert_unlinkable':
      case 'assert_uninstantiable': {
        const module = this.module();
        cmd = { kind: kw, module, message: cur.name(), ...pos };
        break;
      }
      default:
        cur.unexpected(at + 1);
    }
    cur.close();
    return cmd;
  }

  /** `(module $name? ...)` in its three forms. */
  private module(): WastModule {
    const cur: TokenCursor = this.cur;
    const at = cur.pos;
    const pos = this.position(at);
    cur.open('module');
    const name = cur.optionalId();
    if (cur.atKeyword('binary') || cur.atKeyword('quote')) {
      const form = cur.textAt(cur.pos++);
      const bytes = cur.strings();
      cur.close();
      return { kind: 'module', name, source: { kind: form === 'binary' ? 'binary' : 'quote', bytes }, ...pos };
    }
    cur.pos = at;
    cur.skipGroup();
    const text = this.toks.text.slice(this.toks.starts[at], this.toks.ends[cur.pos - 1]);
    return { kind: 'module', name, source: { kind: 'text', text, line: pos.line, column: pos.column }, ...pos };
  }

  /** Records that the instance `name` (and the current one) is a core or component instance. */
  private noteInstance(name: string | null, kind: 'core' | 'component'): void {
    this.currentKind = kind;
    if (name !== null) this.instanceKinds.set(name, kind);
  }

  /** True when the `(invoke ...)` at token `i` calls a component export. */
  private invokesComponent(i: number): boolean {
    const cur: TokenCursor = this.cur;
    if (!(cur.rawKind(i) === TokenKind.LParen && cur.rawKeywordAt(i + 1) === 'invoke')) return false;
    const kind = cur.rawKind(i + 2) === TokenKind.Id ? this.instanceKinds.get(cur.textAt(i + 2)) : this.currentKind;
    return kind === 'component';
  }

  /** An action or assertion on a component instance, whose values are component values. */
  private componentCommand(kw: 'invoke' | 'assert_return' | 'assert_trap', at: number): WastCommand {
    const cur: TokenCursor = this.cur;
    const pos = this.position(at);
    if (kw === 'invoke') {
      cur.pos = at;
      return { kind: 'component_action', action: this.componentInvoke(), ...pos };
    }
    cur.pos = at + 2;
    const action = this.componentInvoke();
    let cmd: WastCommand;
    if (kw === 'assert_return') {
      const expected: WastComponentValue[] = [];
      while (cur.peek() === TokenKind.LParen) expected.push(parseComponentValue(cur));
      cmd = { kind: 'component_assert_return', action, expected, ...pos };
    } else {
      cmd = { kind: 'component_assert_trap', action, message: cur.name(), ...pos };
    }
    cur.close();
    return cmd;
  }

  /** `(invoke $i? "name" value*)` on a component instance. */
  private componentInvoke(): WastComponentInvoke {
    const cur: TokenCursor = this.cur;
    const at = cur.expect(TokenKind.LParen);
    const pos = this.position(at);
    cur.expectKeyword('invoke');
    const module = cur.optionalId();
    const name = cur.name();
    const args: WastComponentValue[] = [];
    while (cur.peek() === TokenKind.LParen) args.push(parseComponentValue(cur));
    cur.close();
    return { kind: 'invoke', module, name, args, ...pos };
  }

  /** `(invoke $m? "name" const*)` or `(get $m? "name")`. */
  private action(): WastAction {
    const cur: TokenCursor = this.cur;
    const at = cur.expect(TokenKind.LParen);
    const pos = this.position(at);
    const kw = cur.keywordAt(cur.pos);
    if (kw !== 'invoke' && kw !== 'get') cur.unexpected();
    cur.pos++;
    const module = cur.optionalId();
    const name = cur.name();
    if (kw === 'get') {
      cur.close();
      return { kind: 'get', module, name, ...pos };
    }
    const args: WastArg[] = [];
    while (cur.peek() === TokenKind.LParen) args.push(parseWastConst(cur));
    cur.close();
    return { kind: 'invoke', module, name, args, ...pos };
  }
}
