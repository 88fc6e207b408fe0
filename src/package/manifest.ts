/**
 * The `manifest.toml` of a `.kpioapp`: its schema as TypeScript types, and the parser that turns
 * TOML text into a checked {@link Manifest} or a {@link PackageError} naming the field and problem.
 *
 * ```toml
 * id = "org.example.hello"          # reverse-DNS, lower case
 * name = "Hello"
 * version = "1.2.0"                 # semver
 * entry = "bin/hello.wasm"          # core module exporting _start, or component exporting wasi:cli/run
 * description = "Says hello"        # optional
 * authors = ["Ada <ada@example.org>"]  # optional
 * min-runtime = ">=0.1.0"           # optional semver range of kpio
 *
 * [permissions]
 * env = ["LANG"]                    # environment variables the app may read
 * network = ["api.example.org:443"] # host:port patterns
 * [permissions.filesystem]          # named directories the user may grant (app data is always /data)
 * documents = { guest = "/docs", access = "read" }
 *
 * [limits]
 * max-memory = "256 MiB"            # or an integer number of bytes
 * fuel = 1_000_000_000
 * timeout = "30s"                   # or a number of seconds
 * ```
 */

import { parse as parseToml, TomlError } from 'smol-toml';
import semver from 'semver';
import { decodeUtf8Strict } from '../util/utf8.js';
import { checkRelativePath } from './entry-path.js';
import { PackageError, PackageErrorCode } from './errors.js';
import { parseNetworkPattern } from './network-pattern.js';

/** The name of the manifest file at the root of every package. */
export const MANIFEST_FILE = 'manifest.toml';

/** Where the guest sees the app's private data directory. */
export const DATA_GUEST_PATH = '/data';

/** Access a filesystem capability asks for. */
export type FsAccess = 'read' | 'read-write';

/** A named directory an app may be granted, from `[permissions.filesystem]`. */
export interface FsCapability {
  /** The absolute path where the guest sees the directory. */
  readonly guest: string;
  /** Whether the guest may write. */
  readonly access: FsAccess;
  /** Why the app wants it, shown to the user. */
  readonly description: string;
}

/** The `[permissions]` table: everything the app may use beyond its own data directory. */
export interface ManifestPermissions {
  /** Named directory capabilities, by name. */
  readonly filesystem: Readonly<Record<string, FsCapability>>;
  /** Allowed `host:port` patterns (see `network-pattern.ts`). */
  readonly network: readonly string[];
  /** Environment variable names the app may read. */
  readonly env: readonly string[];
}

/** The `[limits]` table. Absent fields mean the runtime's defaults. */
export interface ManifestLimits {
  /** Most linear-memory bytes the app may use. */
  readonly maxMemoryBytes?: number;
  /** Fuel (instruction budget) for one run. */
  readonly fuel?: number;
  /** Wall-clock limit of one run, in seconds. */
  readonly timeoutSeconds?: number;
}

/** A checked `manifest.toml`. */
export interface Manifest {
  /** Reverse-DNS identifier, unique per app (`org.example.hello`). */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Semantic version of this release. */
  readonly version: string;
  /** Path of the `.wasm` to run, relative to the package root. */
  readonly entry: string;
  /** One-paragraph description ("" when absent). */
  readonly description: string;
  /** Authors ([] when absent). */
  readonly authors: readonly string[];
  /** Semver range of kpio versions the app runs on ("*" when absent). */
  readonly minRuntime: string;
  /** What the app may use. */
  readonly permissions: ManifestPermissions;
  /** Resource limits. */
  readonly limits: ManifestLimits;
}

const TOP_FIELDS = ['id', 'name', 'version', 'entry', 'description', 'authors', 'min-runtime', 'permissions', 'limits'];
const PERMISSION_FIELDS = ['filesystem', 'network', 'env'];
const CAPABILITY_FIELDS = ['guest', 'access', 'description'];
const LIMIT_FIELDS = ['max-memory', 'fuel', 'timeout'];
const MAX_MANIFEST_BYTES = 64 * 1024;

type Table = Record<string, unknown>;

/**
 * Parses and checks manifest bytes. `file` names the manifest in errors (default
 * `manifest.toml`). Throws {@link PackageError} naming the field and the problem.
 */
export function parseManifest(bytes: Uint8Array, file: string = MANIFEST_FILE): Manifest {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new PackageError(PackageErrorCode.ManifestSyntax, { file }, `the manifest is ${bytes.length} bytes, over the limit of ${MAX_MANIFEST_BYTES}`);
  }
  const text = decodeUtf8Strict(bytes);
  if (text === null) throw new PackageError(PackageErrorCode.ManifestSyntax, { file }, 'the manifest is not valid UTF-8');
  return parseManifestText(text, file);
}

/** Parses and checks manifest text; see {@link parseManifest}. */
export function parseManifestText(text: string, file: string = MANIFEST_FILE): Manifest {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    const where = e instanceof TomlError ? ` at line ${e.line}, column ${e.column}` : '';
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new PackageError(PackageErrorCode.ManifestSyntax, { file }, `invalid TOML${where}: ${reason}`);
  }
  return new ManifestChecker(file).check(doc);
}

/** Walks the parsed TOML with the current field path, so every error names its field. */
class ManifestChecker {
  constructor(private readonly file: string) {}

  fail(code: PackageErrorCode, field: string, problem: string): never {
    throw new PackageError(code, { file: this.file, field }, problem);
  }

  invalid(field: string, problem: string): never {
    return this.fail(PackageErrorCode.InvalidField, field, problem);
  }

  check(doc: Table): Manifest {
    this.known(doc, '', TOP_FIELDS);
    const id = this.id(this.required(doc, 'id'));
    const name = this.text(this.required(doc, 'name'), 'name', 128);
    if (name.trim() === '') this.invalid('name', 'must not be empty');
    const version = this.version(this.required(doc, 'version'));
    const entry = this.entry(this.required(doc, 'entry'));
    const description = doc['description'] === undefined ? '' : this.text(doc['description'], 'description', 4096, true);
    const authors = doc['authors'] === undefined ? [] : this.stringList(doc['authors'], 'authors', (s, f) => {
      if (s.trim() === '') this.invalid(f, 'must not be empty');
      this.text(s, f, 256);
    });
    const minRuntime = doc['min-runtime'] === undefined ? '*' : this.range(doc['min-runtime']);
    const permissions = this.permissions(doc['permissions']);
    const limits = this.limits(doc['limits']);
    return { id, name, version, entry, description, authors, minRuntime, permissions, limits };
  }

  known(table: Table, prefix: string, allowed: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (!allowed.includes(key)) {
        this.fail(PackageErrorCode.UnknownField, prefix + key, `unknown field (expected one of: ${allowed.join(', ')})`);
      }
    }
  }

  required(table: Table, key: string, prefix = ''): unknown {
    const v = table[key];
    if (v === undefined) this.fail(PackageErrorCode.MissingField, prefix + key, 'is required but missing');
    return v;
  }

  table(v: unknown, field: string): Table {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) {
      this.invalid(field, `must be a table, not ${describe(v)}`);
    }
    return v as Table;
  }

  text(v: unknown, field: string, max: number, multiline = false): string {
    if (typeof v !== 'string') this.invalid(field, `must be a string, not ${describe(v)}`);
    const s = v as string;
    if (s.length > max) this.invalid(field, `is longer than ${max} characters`);
    const bad = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
    if (bad.test(s)) this.invalid(field, 'contains a control character');
    return s;
  }

  stringList(v: unknown, field: string, each: (s: string, field: string) => void): string[] {
    if (!Array.isArray(v)) this.invalid(field, `must be an array of strings, not ${describe(v)}`);
    const out: string[] = [];
    (v as unknown[]).forEach((item, i) => {
      const f = `${field}[${i}]`;
      if (typeof item !== 'string') this.invalid(f, `must be a string, not ${describe(item)}`);
      each(item as string, f);
      if (out.includes(item as string)) this.invalid(f, `${JSON.stringify(item)} is listed twice`);
      out.push(item as string);
    });
    return out;
  }

  id(v: unknown): string {
    const s = this.text(v, 'id', 255);
    if (s !== s.toLowerCase()) this.invalid('id', `${JSON.stringify(s)} must be lower case`);
    const labels = s.split('.');
    if (labels.length < 2) this.invalid('id', `${JSON.stringify(s)} is not a reverse-DNS name (expected at least two labels, like "org.example.app")`);
    labels.forEach((label) => {
      if (!/^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/.test(label)) {
        this.invalid('id', `${JSON.stringify(s)} is not a reverse-DNS name: label ${JSON.stringify(label)} must be 1-63 of a-z, 0-9, "-", "_", not starting or ending with "-" or "_"`);
      }
    });
    if (!/^[a-z]/.test(labels[0]!)) this.invalid('id', `${JSON.stringify(s)} is not a reverse-DNS name: it must start with a letter`);
    // Note: the id names the app's directories; "con.x" or "nul.x" cannot be created on Windows.
    if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/.test(labels[0]!)) this.invalid('id', `${JSON.stringify(s)} starts with a name Windows reserves for devices`);
    return s;
  }

  version(v: unknown): string {
    const s = this.text(v, 'version', 256);
    if (semver.valid(s) !== s) {
      this.invalid('version', `${JSON.stringify(s)} is not a semantic version (expected MAJOR.MINOR.PATCH, like "1.0.0")`);
    }
    return s;
  }

  range(v: unknown): string {
    const s = this.text(v, 'min-runtime', 256);
    if (s.trim() === '' || semver.validRange(s) === null) {
      this.invalid('min-runtime', `${JSON.stringify(s)} is not a semver range (like ">=0.1.0" or "^1.2")`);
    }
    return s;
  }

  entry(v: unknown): string {
    const s = this.text(v, 'entry', 1024);
    const problem = checkRelativePath(s);
    if (problem) this.invalid('entry', `${JSON.stringify(s)}: ${problem.problem}`);
    if (!s.endsWith('.wasm')) this.invalid('entry', `${JSON.stringify(s)} must name a .wasm file`);
    return s;
  }

  permissions(v: unknown): ManifestPermissions {
    if (v === undefined) return { filesystem: {}, network: [], env: [] };
    const t = this.table(v, 'permissions');
    this.known(t, 'permissions.', PERMISSION_FIELDS);
    const env = t['env'] === undefined ? [] : this.stringList(t['env'], 'permissions.env', (s, f) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) this.invalid(f, `${JSON.stringify(s)} is not an environment variable name`);
    });
    const network = t['network'] === undefined ? [] : this.stringList(t['network'], 'permissions.network', (s, f) => {
      const p = parseNetworkPattern(s);
      if (typeof p === 'string') this.invalid(f, `${JSON.stringify(s)}: ${p}`);
    });
    const filesystem = t['filesystem'] === undefined ? {} : this.filesystem(t['filesystem']);
    return { filesystem, network, env };
  }

  filesystem(v: unknown): Record<string, FsCapability> {
    const t = this.table(v, 'permissions.filesystem');
    const out: Record<string, FsCapability> = {};
    const guests = new Map<string, string>([[DATA_GUEST_PATH, 'the app data directory']]);
    for (const [name, raw] of Object.entries(t)) {
      const field = `permissions.filesystem.${name}`;
      if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) {
        this.invalid(field, 'capability names must be 1-64 of a-z, 0-9 and "-", starting with a letter');
      }
      const c = this.table(raw, field);
      this.known(c, field + '.', CAPABILITY_FIELDS);
      const guest = this.text(this.required(c, 'guest', field + '.'), `${field}.guest`, 1024);
      const guestProblem = checkGuestPath(guest);
      if (guestProblem) this.invalid(`${field}.guest`, `${JSON.stringify(guest)} ${guestProblem}`);
      if (guest === DATA_GUEST_PATH || guest.startsWith(DATA_GUEST_PATH + '/')) {
        this.invalid(`${field}.guest`, `${JSON.stringify(guest)} is inside ${DATA_GUEST_PATH}, which is reserved for the app data directory`);
      }
      const clash = guests.get(guest);
      if (clash !== undefined) this.invalid(`${field}.guest`, `${JSON.stringify(guest)} is already used by ${clash}`);
      guests.set(guest, `capability "${name}"`);
      const access = c['access'] === undefined ? 'read' : c['access'];
      if (access !== 'read' && access !== 'read-write') {
        this.invalid(`${field}.access`, `must be "read" or "read-write", not ${describe(access)}`);
      }
      const description = c['description'] === undefined ? '' : this.text(c['description'], `${field}.description`, 1024);
      out[name] = { guest, access, description };
    }
    return out;
  }

  limits(v: unknown): ManifestLimits {
    if (v === undefined) return {};
    const t = this.table(v, 'limits');
    this.known(t, 'limits.', LIMIT_FIELDS);
    const out: { maxMemoryBytes?: number; fuel?: number; timeoutSeconds?: number } = {};
    if (t['max-memory'] !== undefined) out.maxMemoryBytes = this.memory(t['max-memory']);
    if (t['fuel'] !== undefined) {
      const f = t['fuel'];
      if (typeof f !== 'number' || !Number.isSafeInteger(f) || f <= 0) {
        this.invalid('limits.fuel', `must be a positive integer, not ${describe(f)}`);
      }
      out.fuel = f as number;
    }
    if (t['timeout'] !== undefined) out.timeoutSeconds = this.timeout(t['timeout']);
    return out;
  }

  memory(v: unknown): number {
    const field = 'limits.max-memory';
    let bytes: number;
    if (typeof v === 'number') {
      bytes = v;
    } else if (typeof v === 'string') {
      const m = /^([0-9]+)\s*(B|KiB|MiB|GiB|TiB)$/.exec(v.trim());
      if (!m) this.invalid(field, `${JSON.stringify(v)} is not a size (an integer of bytes, or like "64 MiB"; units B, KiB, MiB, GiB, TiB)`);
      const scale = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 }[m![2] as 'B'];
      bytes = Number(m![1]) * scale;
    } else {
      return this.invalid(field, `must be an integer of bytes or a size string like "64 MiB", not ${describe(v)}`);
    }
    if (!Number.isSafeInteger(bytes) || bytes < 65536) {
      this.invalid(field, `${JSON.stringify(v)} must be a whole number of bytes, at least 65536 (one wasm page)`);
    }
    return bytes;
  }

  timeout(v: unknown): number {
    const field = 'limits.timeout';
    let seconds: number;
    if (typeof v === 'number') {
      seconds = v;
    } else if (typeof v === 'string') {
      const m = /^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)$/.exec(v.trim());
      if (!m) this.invalid(field, `${JSON.stringify(v)} is not a duration (a number of seconds, or like "500ms", "30s", "5m", "1h")`);
      seconds = Number(m![1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m![2] as 's'];
    } else {
      return this.invalid(field, `must be a number of seconds or a duration string like "30s", not ${describe(v)}`);
    }
    if (!Number.isFinite(seconds) || seconds <= 0) this.invalid(field, `${JSON.stringify(v)} must be a positive duration`);
    return seconds;
  }
}

/** Checks a guest (in-sandbox) absolute path; returns the problem or null. */
export function checkGuestPath(p: string): string | null {
  if (!p.startsWith('/')) return 'must be an absolute path starting with "/"';
  if (p === '/') return 'must not be the root "/"';
  if (/[\u0000-\u001f\u007f\\]/.test(p)) return 'contains a control character or backslash';
  const segments = p.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'must be normalized (no empty, "." or ".." segments, no trailing "/")';
  return null;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a table';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
}
