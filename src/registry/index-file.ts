/**
 * The registry index (`index.json` in the registry home): which version of which app is
 * installed where. It is the registry's single point of truth: it is only ever replaced whole,
 * by an atomic rename, so readers see either the old or the new index, never a mix.
 */

import { isDigest } from '../package/digest.js';
import { decodeUtf8Strict, encodeUtf8 } from '../util/utf8.js';
import { RegistryError, RegistryErrorCode } from './errors.js';
import { checkStorePath } from './store.js';

/** The index file's name in the registry home. */
export const INDEX_FILE = 'index.json';

/** A signer recorded at install time. */
export interface RecordedSigner {
  readonly publicKey: string;
  /** The trusted-key name it matched when installed, if any. */
  readonly trustedAs?: string | undefined;
}

/** One installed app as the index records it. */
export interface InstalledRecord {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  /** Path of the entry `.wasm` inside the app directory. */
  readonly entry: string;
  readonly entryKind: 'module' | 'component';
  /** Store path of the installed files (`apps/<id>/<version>~<nonce>`). */
  readonly dir: string;
  /** Content digest of the package (`sha256:<hex>`). */
  readonly digest: string;
  /** ISO-8601 time of the install or update. */
  readonly installedAt: string;
  readonly signers: readonly RecordedSigner[];
}

/** The parsed index. */
export interface RegistryIndex {
  /** Installed apps, sorted by id. */
  readonly apps: readonly InstalledRecord[];
}

const FORMAT = 'kpio-registry-index';
const FORMAT_VERSION = 1;

/** Serializes an index (apps sorted by id, stable formatting). */
export function serializeIndex(index: RegistryIndex): Uint8Array {
  const apps = [...index.apps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return encodeUtf8(JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, apps }, null, 2) + '\n');
}

/**
 * Parses and checks an index; `where` names the file in errors. Throws {@link RegistryError}
 * (`corrupt-index`) on anything unexpected: the registry never guesses about installed data.
 */
export function parseIndex(bytes: Uint8Array, where: string): RegistryIndex {
  const fail = (problem: string): never => {
    throw new RegistryError(RegistryErrorCode.CorruptIndex, `${where}: ${problem}; the registry was not changed (restore the file or remove it to forget all installed apps)`);
  };
  const text = decodeUtf8Strict(bytes);
  if (text === null) fail('not valid UTF-8');
  let doc: unknown;
  try {
    doc = JSON.parse(text!);
  } catch (e) {
    fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const top = doc as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || top['format'] !== FORMAT) fail(`not a kpio registry index (expected "format": "${FORMAT}")`);
  if (top['version'] !== FORMAT_VERSION) fail(`index version ${JSON.stringify(top['version'])} is not supported (expected ${FORMAT_VERSION})`);
  if (!Array.isArray(top['apps'])) fail('"apps" must be an array');
  const seen = new Set<string>();
  const apps = (top['apps'] as unknown[]).map((raw, i) => {
    const r = raw as Record<string, unknown>;
    const str = (key: string): string => {
      const v = typeof raw === 'object' && raw !== null ? r[key] : undefined;
      if (typeof v !== 'string') return fail(`apps[${i}].${key} must be a string`);
      return v;
    };
    const id = str('id');
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) fail(`apps[${i}].id ${JSON.stringify(id)} is not an app id`);
    if (seen.has(id)) fail(`app ${id} is listed twice`);
    seen.add(id);
    const dir = str('dir');
    if (checkStorePath(dir) !== null || !dir.startsWith(`apps/${id}/`) || dir.split('/').length !== 3) {
      fail(`apps[${i}].dir ${JSON.stringify(dir)} is not a directory of app ${id}`);
    }
    const digest = str('digest');
    if (!isDigest(digest)) fail(`apps[${i}].digest is not a sha256 digest`);
    const entryKind = str('entryKind');
    if (entryKind !== 'module' && entryKind !== 'component') fail(`apps[${i}].entryKind must be "module" or "component"`);
    const signersRaw = r['signers'];
    if (!Array.isArray(signersRaw)) fail(`apps[${i}].signers must be an array`);
    const signers = (signersRaw as unknown[]).map((s, k) => {
      const o = s as Record<string, unknown>;
      if (typeof s !== 'object' || s === null || typeof o['publicKey'] !== 'string' || (o['trustedAs'] !== undefined && typeof o['trustedAs'] !== 'string')) {
        return fail(`apps[${i}].signers[${k}] is malformed`);
      }
      return { publicKey: o['publicKey'] as string, trustedAs: o['trustedAs'] as string | undefined };
    });
    return {
      id,
      version: str('version'),
      name: str('name'),
      description: str('description'),
      entry: str('entry'),
      entryKind: entryKind as 'module' | 'component',
      dir,
      digest,
      installedAt: str('installedAt'),
      signers,
    };
  });
  return { apps };
}
