/**
 * Component import/export names (Explainer.md, "Import and Export Definitions"): kebab-case labels,
 * `[constructor]`/`[method]`/`[static]` annotated plain names, interface names with versions
 * (`wasi:cli/run@0.2.3`), and the "strongly-unique" comparison used to reject duplicates.
 */

import { parseSemVer, type SemVer } from './semver.js';

/** A parsed extern name. */
export type ExternName =
  | { readonly kind: 'label'; readonly raw: string; readonly label: string }
  | { readonly kind: 'constructor'; readonly raw: string; readonly resource: string }
  | { readonly kind: 'method'; readonly raw: string; readonly resource: string; readonly name: string }
  | { readonly kind: 'static'; readonly raw: string; readonly resource: string; readonly name: string }
  | {
      readonly kind: 'interface';
      readonly raw: string;
      readonly namespace: string;
      readonly package: string;
      readonly interface: string;
      /** The version text after `@`, or null. */
      readonly version: string | null;
      readonly semver: SemVer | null;
    };

/** The outcome of {@link parseExternName}. */
export type ExternNameResult = { readonly ok: true; readonly name: ExternName } | { readonly ok: false; readonly error: string };

/** True when `s` is a kebab-case `label` (`a`, `a-b-c`, `A-B1`, `is-XML`; not `1`, `a-`, `aBc`). */
export function isKebabLabel(s: string): boolean {
  if (s.length === 0) return false;
  let i = 0;
  let first = true;
  while (i <= s.length) {
    // One fragment: all lowercase+digits or all uppercase+digits; the very first starts with a letter.
    const start = i;
    let lower = false;
    let upper = false;
    while (i < s.length && s[i] !== '-') {
      const c = s.charCodeAt(i);
      if (c >= 0x61 && c <= 0x7a) {
        if (upper) return false;
        lower = true;
      } else if (c >= 0x41 && c <= 0x5a) {
        if (lower) return false;
        upper = true;
      } else if (c >= 0x30 && c <= 0x39) {
        if (first && i === start) return false;
      } else return false;
      i++;
    }
    if (i === start) return false;
    first = false;
    if (i === s.length) return true;
    i++; // '-'
    if (i === s.length) return false;
  }
  return true;
}

/** True when `s` is a `words` production: lowercase kebab (`wasi`, `ns-1-a`), used by namespaces and packages. */
export function isKebabWords(s: string): boolean {
  return /^[a-z][0-9a-z]*(-[0-9a-z]+)*$/.test(s);
}

/** Parses and validates an extern name; interface names are those containing `:`. */
export function parseExternName(raw: string): ExternNameResult {
  if (raw.includes(':')) return parseInterfaceName(raw);
  return parsePlainName(raw);
}

function kebabError(s: string): string {
  return `\`${s}\` is not in kebab case`;
}

function plainError(raw: string, detail: string): ExternNameResult {
  return { ok: false, error: `\`${raw}\` is not a valid extern name: ${detail}` };
}

/** Parses a plain name: a label, `[constructor]r`, `[method]r.m` or `[static]r.m`. */
export function parsePlainName(raw: string): ExternNameResult {
  const annotated = (prefix: string): string | null => (raw.startsWith(prefix) ? raw.slice(prefix.length) : null);
  let rest = annotated('[constructor]');
  if (rest !== null) {
    if (!isKebabLabel(rest)) return plainError(raw, kebabError(rest));
    return { ok: true, name: { kind: 'constructor', raw, resource: rest } };
  }
  for (const kind of ['method', 'static'] as const) {
    rest = annotated(`[${kind}]`);
    if (rest === null) continue;
    const dot = rest.indexOf('.');
    if (dot < 0) return { ok: false, error: 'failed to find `.` character' };
    const resource = rest.slice(0, dot);
    const name = rest.slice(dot + 1);
    if (!isKebabLabel(resource)) return plainError(raw, kebabError(resource));
    if (!isKebabLabel(name)) return plainError(raw, kebabError(name));
    return { ok: true, name: { kind, raw, resource, name } };
  }
  if (!isKebabLabel(raw)) return plainError(raw, kebabError(raw));
  return { ok: true, name: { kind: 'label', raw, label: raw } };
}

/** Parses an interface name `ns:pkg/iface[@version]`. */
export function parseInterfaceName(raw: string): ExternNameResult {
  const fail = (detail: string): ExternNameResult => ({ ok: false, error: `\`${raw}\` is not a valid extern name: ${detail}` });
  const colon = raw.indexOf(':');
  if (colon < 0) return fail('failed to find `:` character');
  const namespace = raw.slice(0, colon);
  if (!isKebabLabel(namespace)) return fail(kebabError(namespace));
  if (!isKebabWords(namespace)) return fail(`namespace \`${namespace}\` must be lowercase words`);
  let i = colon + 1;
  const pkgStart = i;
  while (i < raw.length && !'/@:'.includes(raw[i]!)) i++;
  const pkg = raw.slice(pkgStart, i);
  if (!isKebabLabel(pkg)) return fail(kebabError(pkg));
  if (!isKebabWords(pkg)) return fail(`package \`${pkg}\` must be lowercase words`);
  if (raw[i] !== '/') return fail('expected `/` after package name');
  i++;
  const ifaceStart = i;
  while (i < raw.length && !'/@'.includes(raw[i]!)) i++;
  const iface = raw.slice(ifaceStart, i);
  if (!isKebabLabel(iface)) return fail(kebabError(iface));
  if (i < raw.length && raw[i] === '/') return fail(`trailing characters found: \`${raw.slice(i)}\``);
  let version: string | null = null;
  let semver: SemVer | null = null;
  if (i < raw.length && raw[i] === '@') {
    version = raw.slice(i + 1);
    if (isCanonVersion(version)) {
      const r = parseSemVer(padCanonVersion(version, ''));
      semver = r.ok ? r.version : null;
    } else {
      const r = parseSemVer(version);
      if (!r.ok) return fail(`failed to parse version: ${r.error}`);
      semver = r.version;
    }
  }
  return { ok: true, name: { kind: 'interface', raw, namespace, package: pkg, interface: iface, version, semver } };
}

/** True for a canonical interface version (`1`, `0.2`, `0.0.3`, `0.0.0`; Explainer.md, "Canonical Interface Name"). */
export function isCanonVersion(v: string): boolean {
  return /^([1-9][0-9]*|0\.[1-9][0-9]*|0\.0\.[1-9][0-9]*|0\.0\.0)$/.test(v);
}

/** A canonical version with its suffix, completed to three numbers when the suffix adds none (`0.2` -> `0.2.0`). */
export function padCanonVersion(canon: string, suffix: string): string {
  const full = canon + suffix;
  const core = /^[0-9.]*/.exec(full)![0];
  const dots = (core.match(/\./g) ?? []).length;
  return dots >= 2 ? full : core + '.0'.repeat(2 - dots) + full.slice(core.length);
}

/**
 * The canonical form used for the strong-uniqueness check: acronyms lowercased, `[method]l.l` and
 * `[static]l.l` reduced to `l`, and the `[method]`/`[static]` prefixes dropped.
 */
export function uniquenessKey(name: ExternName): string {
  switch (name.kind) {
    case 'label':
      return name.label.toLowerCase();
    case 'constructor':
      return `[constructor]${name.resource.toLowerCase()}`;
    case 'method':
    case 'static': {
      const r = name.resource.toLowerCase();
      const m = name.name.toLowerCase();
      return r === m ? r : `${r}.${m}`;
    }
    case 'interface':
      return name.raw.toLowerCase();
  }
}

/** The interface name without its version (`wasi:cli/run@0.2.3` -> `wasi:cli/run`), or null for plain names. */
export function unversionedInterface(name: ExternName): string | null {
  return name.kind === 'interface' ? `${name.namespace}:${name.package}/${name.interface}` : null;
}
