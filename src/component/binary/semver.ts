/**
 * Semantic Versioning 2.0 parsing for component extern names (`wasi:cli/run@0.2.3`) and WIT package
 * versions. Error messages follow the wording other component tools use ("unexpected character 'x'
 * while parsing minor version number"), so conformance tests can match them.
 */

/** A parsed semantic version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`rc.1` -> `['rc', '1']`), empty when none. */
  readonly pre: readonly string[];
  /** Build metadata identifiers, empty when none. */
  readonly build: readonly string[];
}

/** The outcome of {@link parseSemVer}: a version or the reason the text is not one. */
export type SemVerResult = { readonly ok: true; readonly version: SemVer } | { readonly ok: false; readonly error: string };

const PARTS = ['major', 'minor', 'patch'] as const;

/** Parses `text` as a semantic version (no leading `v`, no surrounding spaces). */
export function parseSemVer(text: string): SemVerResult {
  if (text.length === 0) return { ok: false, error: 'empty string, expected a semver version' };
  let pos = 0;
  const nums: number[] = [];
  for (let part = 0; part < 3; part++) {
    const what = `${PARTS[part]} version number`;
    if (part > 0) {
      if (pos >= text.length) return { ok: false, error: `unexpected end of input while parsing ${what}` };
      if (text[pos] !== '.') return { ok: false, error: `unexpected character '${text[pos]}' after ${PARTS[part - 1]} version number` };
      pos++;
    }
    const start = pos;
    while (pos < text.length && text[pos]! >= '0' && text[pos]! <= '9') pos++;
    if (pos === start) {
      if (pos >= text.length) return { ok: false, error: `unexpected end of input while parsing ${what}` };
      return { ok: false, error: `unexpected character '${text[pos]}' while parsing ${what}` };
    }
    const digits = text.slice(start, pos);
    if (digits.length > 1 && digits[0] === '0') return { ok: false, error: `invalid leading zero in ${what}` };
    const n = Number(digits);
    if (!Number.isSafeInteger(n)) return { ok: false, error: `value out of range in ${what}` };
    nums.push(n);
  }
  let pre: string[] = [];
  let build: string[] = [];
  if (pos < text.length && text[pos] === '-') {
    const end = text.indexOf('+', pos);
    const r = identifiers(text.slice(pos + 1, end < 0 ? text.length : end), 'pre-release identifier', true);
    if (typeof r === 'string') return { ok: false, error: r };
    pre = r;
    pos = end < 0 ? text.length : end;
  }
  if (pos < text.length && text[pos] === '+') {
    const r = identifiers(text.slice(pos + 1), 'build metadata', false);
    if (typeof r === 'string') return { ok: false, error: r };
    build = r;
    pos = text.length;
  }
  if (pos < text.length) {
    const after = pre.length ? 'pre-release identifier' : 'patch version number';
    return { ok: false, error: `unexpected character '${text[pos]}' after ${after}` };
  }
  return { ok: true, version: { major: nums[0]!, minor: nums[1]!, patch: nums[2]!, pre, build } };
}

function identifiers(s: string, what: string, numericNoLeadingZero: boolean): string[] | string {
  const parts = s.split('.');
  for (const p of parts) {
    if (p.length === 0) return `empty identifier segment in ${what}`;
    for (const c of p) {
      if (!/[0-9A-Za-z-]/.test(c)) return `unexpected character '${c}' in ${what}`;
    }
    if (numericNoLeadingZero && /^[0-9]+$/.test(p) && p.length > 1 && p[0] === '0') {
      return `invalid leading zero in ${what}`;
    }
  }
  return parts;
}

/** Formats a version back to text. */
export function formatSemVer(v: SemVer): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre.length) s += `-${v.pre.join('.')}`;
  if (v.build.length) s += `+${v.build.join('.')}`;
  return s;
}

/** Compares two versions by semver precedence (build metadata ignored): negative, zero or positive. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre.length === 0 || b.pre.length === 0) return (a.pre.length === 0 ? 1 : 0) - (b.pre.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (xn !== yn) return xn ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}
