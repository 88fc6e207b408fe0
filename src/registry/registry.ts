/**
 * The app registry: installed `.kpioapp`s under a kpio home, with install, update, check-update,
 * uninstall, list, info, verify and run preparation. Each CLI command is one call here.
 *
 * Safety model:
 * - A package is read and checked completely in memory before anything is written.
 * - Install and update stage the files under `staging/`, flush them, rename the directory into
 *   `apps/<id>/`, and then commit by atomically replacing `index.json`. A crash at any point
 *   leaves the old index (old version) or the new one (new version); unreferenced directories
 *   are removed by the next locked operation.
 * - Mutations hold the store's lock, so concurrent kpio processes are serialized.
 * - Each app's data directory (`data/<id>`, the guest's `/data`) is never touched by updates
 *   and survives uninstall unless purged.
 */

import { contentDigest } from '../package/digest.js';
import type { InspectEntry } from '../package/entry-check.js';
import { PackageError } from '../package/errors.js';
import type { UnpackLimits } from '../package/limits.js';
import { MANIFEST_FILE, parseManifest } from '../package/manifest.js';
import type { Manifest } from '../package/manifest.js';
import { readPackage } from '../package/read-package.js';
import type { AppPackage } from '../package/read-package.js';
import { buildRunConfig } from '../package/run-config.js';
import type { Grant, RunConfig } from '../package/run-config.js';
import type { SignaturePolicy, TrustedKey } from '../package/signature.js';
import { checkUpdate as decideUpdate, runtimeSatisfies } from './check-update.js';
import type { UpdateCheck, UpdateSubject } from './check-update.js';
import { RegistryError, RegistryErrorCode } from './errors.js';
import { INDEX_FILE, parseIndex, serializeIndex } from './index-file.js';
import type { InstalledRecord, RegistryIndex } from './index-file.js';
import { APPS_DIR, dataPath, DATA_DIR, newNonce, STAGING_DIR, versionPath } from './layout.js';
import type { RegistryStore } from './store.js';
import { readTree, removeLeftovers, writeTree } from './tree.js';

/** Options of {@link openRegistry}. */
export interface RegistryOptions {
  /** Where the registry lives. */
  readonly store: RegistryStore;
  /** The running kpio version (package.json `version`), checked against `min-runtime`. */
  readonly runtimeVersion: string;
  /** Decodes entries to check they export `_start` / `wasi:cli/run`. */
  readonly inspectEntry: InspectEntry;
  /** Keys whose signatures are trusted. */
  readonly trustedKeys?: readonly TrustedKey[] | undefined;
  /** `require-trusted` refuses packages without a trusted signature (default `optional`). */
  readonly signaturePolicy?: SignaturePolicy | undefined;
  /** Unpack limits (defaults: `DEFAULT_UNPACK_LIMITS`). */
  readonly limits?: Partial<UnpackLimits> | undefined;
  /** Clock for `installedAt` (default: the system clock). */
  readonly now?: (() => Date) | undefined;
}

/** An installed app: its index record plus where it is on the host. */
export interface InstalledApp extends InstalledRecord {
  /** Host path of the installed files. */
  readonly hostDir: string;
  /** Host path of the app's data directory (the guest's `/data`). */
  readonly dataDir: string;
}

/** An installed app with its full manifest. */
export interface InstalledAppInfo extends InstalledApp {
  readonly manifest: Manifest;
}

/** Everything `kpio run ID` needs. */
export interface PreparedRun {
  readonly app: InstalledAppInfo;
  /** Host path of the entry `.wasm`. */
  readonly entryPath: string;
  /** The entry's bytes. */
  readonly entryBytes: Uint8Array;
  /** Preopens, env names, network patterns and limits to run with. */
  readonly config: RunConfig;
}

/** Options shared by the calls that take a package. */
export interface PackageSourceOptions {
  /** The package's file name, for messages (default `package.kpioapp`). */
  readonly source?: string | undefined;
}

/** Options of {@link Registry.update} and {@link Registry.checkUpdate}. */
export interface UpdateOptions extends PackageSourceOptions {
  /** Allow a breaking (major) version change. */
  readonly allowMajor?: boolean | undefined;
  /** The id the user named (`kpio update ID FILE`); a package of another id is incompatible. */
  readonly id?: string | undefined;
}

/** The result of {@link Registry.update}. */
export type UpdateOutcome =
  | { readonly status: 'updated'; readonly from: string; readonly app: InstalledApp }
  /** Same version already installed; `sameContent` is false if the package differs anyway. */
  | { readonly status: 'up-to-date'; readonly app: InstalledApp; readonly sameContent: boolean };

/** The result of {@link Registry.uninstall}. */
export interface UninstallOutcome {
  readonly id: string;
  readonly version: string;
  /** Host path of the data directory, and whether it was kept. */
  readonly dataDir: string;
  readonly dataKept: boolean;
}

/** The result of {@link Registry.verify}. */
export interface VerifyOutcome {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  readonly files: number;
}

/** Opens the registry in `options.store`. Nothing is read or written until a call needs it. */
export function openRegistry(options: RegistryOptions): Registry {
  return new Registry(options);
}

/** The installed apps of one kpio home. Create with {@link openRegistry}. */
export class Registry {
  private readonly store: RegistryStore;

  constructor(private readonly options: RegistryOptions) {
    this.store = options.store;
  }

  /** Reads and checks a package (in memory, nothing written). Throws `PackageError`. */
  readPackage(bytes: Uint8Array, source?: string): AppPackage {
    return readPackage(bytes, {
      inspectEntry: this.options.inspectEntry,
      source,
      limits: this.options.limits,
      trustedKeys: this.options.trustedKeys,
      signaturePolicy: this.options.signaturePolicy,
    });
  }

  /**
   * Installs a package. Throws `PackageError` for a bad package, and {@link RegistryError}:
   * `already-installed` (use update), `incompatible` (`min-runtime`), `locked`, `storage`.
   */
  async install(bytes: Uint8Array, options: PackageSourceOptions = {}): Promise<InstalledApp> {
    const pkg = this.readPackage(bytes, options.source);
    const { id, version, minRuntime } = pkg.manifest;
    if (!runtimeSatisfies(this.options.runtimeVersion, minRuntime)) {
      throw new RegistryError(RegistryErrorCode.Incompatible, `${id} ${version} needs kpio ${minRuntime}, but this is kpio ${this.options.runtimeVersion}`, { reason: 'min-runtime' });
    }
    return this.withLock(async (index) => {
      const existing = index.apps.find((a) => a.id === id);
      if (existing !== undefined) {
        throw new RegistryError(RegistryErrorCode.AlreadyInstalled, `${id} ${existing.version} is already installed; use update to install ${version}`);
      }
      return this.toInstalled(await this.commit(index, pkg, undefined));
    });
  }

  /** Says whether a package would update the installed app (no changes). */
  async checkUpdate(bytes: Uint8Array, options: UpdateOptions = {}): Promise<UpdateCheck> {
    const pkg = this.readPackage(bytes, options.source);
    const installed = this.findInstalled(await this.loadIndex(), options.id ?? pkg.manifest.id);
    return this.decide(installed, pkg, options);
  }

  /**
   * Updates an installed app from a package. An incompatible package throws
   * {@link RegistryError} `incompatible` with `reason`; a failure at any point leaves the old
   * version installed. The app's data directory is kept as it is.
   */
  async update(bytes: Uint8Array, options: UpdateOptions = {}): Promise<UpdateOutcome> {
    const pkg = this.readPackage(bytes, options.source);
    return this.withLock(async (index) => {
      const installed = this.findInstalled(index, options.id ?? pkg.manifest.id);
      const check = this.decide(installed, pkg, options);
      if (check.status === 'incompatible') throw new RegistryError(RegistryErrorCode.Incompatible, check.message, { reason: check.reason });
      if (check.status === 'up-to-date') return { status: 'up-to-date', app: this.toInstalled(installed), sameContent: installed.digest === pkg.digest };
      const record = await this.commit(index, pkg, installed);
      return { status: 'updated', from: installed.version, app: this.toInstalled(record) };
    });
  }

  /** Uninstalls an app; its data directory is kept unless `purge`. */
  async uninstall(id: string, options: { readonly purge?: boolean } = {}): Promise<UninstallOutcome> {
    return this.withLock(async (index) => {
      const installed = this.findInstalled(index, id);
      await this.writeIndex({ apps: index.apps.filter((a) => a.id !== id) }, newNonce());
      // Committed: from here on the app is gone; the files are leftovers if we crash now.
      await this.store.remove(`${APPS_DIR}/${id}`);
      await this.store.syncDir(APPS_DIR);
      if (options.purge === true) {
        await this.store.remove(dataPath(id));
        await this.store.syncDir(DATA_DIR);
      }
      return { id, version: installed.version, dataDir: this.store.hostPath(dataPath(id)), dataKept: options.purge !== true };
    });
  }

  /** The installed apps, sorted by id. */
  async list(): Promise<InstalledApp[]> {
    return (await this.loadIndex()).apps.map((r) => this.toInstalled(r));
  }

  /** One installed app with its manifest. Throws `not-installed` or `corrupt-install`. */
  async info(id: string): Promise<InstalledAppInfo> {
    const record = this.findInstalled(await this.loadIndex(), id);
    const path = `${record.dir}/${MANIFEST_FILE}`;
    const bytes = await this.store.readFile(path);
    if (bytes === null) throw new RegistryError(RegistryErrorCode.CorruptInstall, `${this.store.hostPath(path)} is missing; reinstall ${id}`);
    let manifest: Manifest;
    try {
      manifest = parseManifest(bytes, this.store.hostPath(path));
    } catch (e) {
      throw new RegistryError(RegistryErrorCode.CorruptInstall, `${id}: the installed manifest is damaged (${e instanceof Error ? e.message : String(e)}); reinstall ${id}`, { cause: e });
    }
    return { ...this.toInstalled(record), manifest };
  }

  /** Re-reads an installed app's files and checks them against the recorded digest. */
  async verify(id: string): Promise<VerifyOutcome> {
    const record = this.findInstalled(await this.loadIndex(), id);
    const files = await readTree(this.store, record.dir);
    const where = this.store.hostPath(record.dir);
    if (typeof files === 'string') throw new RegistryError(RegistryErrorCode.CorruptInstall, `${where}: ${files}; reinstall ${id}`);
    const digest = contentDigest(files);
    if (digest !== record.digest) {
      throw new RegistryError(RegistryErrorCode.CorruptInstall, `${where}: the files have digest ${digest}, but ${record.digest} was installed; reinstall ${id}`);
    }
    return { id, version: record.version, digest, files: files.size };
  }

  /**
   * Prepares `kpio run ID`: the manifest, the entry and the run configuration for `grants`
   * (throws `GrantError` for a grant the manifest does not allow). Creates the data directory
   * if someone removed it.
   */
  async prepareRun(id: string, grants: readonly Grant[] = []): Promise<PreparedRun> {
    const app = await this.info(id);
    const config = buildRunConfig(app.manifest, grants, app.dataDir);
    const entryPath = `${app.dir}/${app.manifest.entry}`;
    const entryBytes = await this.store.readFile(entryPath);
    if (entryBytes === null) throw new RegistryError(RegistryErrorCode.CorruptInstall, `${this.store.hostPath(entryPath)} is missing; reinstall ${id}`);
    await this.store.mkdir(dataPath(id));
    return { app, entryPath: this.store.hostPath(entryPath), entryBytes, config };
  }

  /** Removes leftovers of interrupted operations now (every mutation also does this first). */
  async recover(): Promise<string[]> {
    const lock = await this.store.lock();
    try {
      return await removeLeftovers(this.store, await this.loadIndex());
    } finally {
      await lock.release();
    }
  }

  private decide(installed: InstalledRecord, pkg: AppPackage, options: UpdateOptions): UpdateCheck {
    const installedSubject: UpdateSubject = { manifest: { id: installed.id, version: installed.version, minRuntime: '*' }, signers: installed.signers };
    return decideUpdate(installedSubject, pkg, { runtimeVersion: this.options.runtimeVersion, allowMajor: options.allowMajor });
  }

  private findInstalled(index: RegistryIndex, id: string): InstalledRecord {
    const record = index.apps.find((a) => a.id === id);
    if (record === undefined) throw new RegistryError(RegistryErrorCode.NotInstalled, `${id} is not installed`);
    return record;
  }

  private toInstalled(record: InstalledRecord): InstalledApp {
    return { ...record, hostDir: this.store.hostPath(record.dir), dataDir: this.store.hostPath(dataPath(record.id)) };
  }

  /** Reads the index (an absent index is an empty registry). */
  async loadIndex(): Promise<RegistryIndex> {
    const bytes = await this.store.readFile(INDEX_FILE);
    return bytes === null ? { apps: [] } : parseIndex(bytes, this.store.hostPath(INDEX_FILE));
  }

  private async withLock<T>(action: (index: RegistryIndex) => Promise<T>): Promise<T> {
    const lock = await this.store.lock();
    try {
      const index = await this.loadIndex();
      await removeLeftovers(this.store, index);
      return await action(index);
    } catch (e) {
      if (e instanceof RegistryError || e instanceof PackageError) throw e;
      throw new RegistryError(RegistryErrorCode.Storage, `registry at ${this.store.location}: ${e instanceof Error ? e.message : String(e)}; the previous state is kept`, { cause: e });
    } finally {
      await lock.release();
    }
  }

  /** Replaces the index atomically: write a staged copy, flush, rename over `index.json`. */
  private async writeIndex(index: RegistryIndex, nonce: string): Promise<void> {
    const tmp = `${STAGING_DIR}/index-${nonce}.json`;
    await this.store.mkdir(STAGING_DIR);
    await this.store.writeFile(tmp, serializeIndex(index));
    await this.store.rename(tmp, INDEX_FILE);
    await this.store.syncDir('');
  }

  /** Stages `pkg`, renames it into `apps/`, commits the index; then drops `previous`. */
  private async commit(index: RegistryIndex, pkg: AppPackage, previous: InstalledRecord | undefined): Promise<InstalledRecord> {
    const { id, version } = pkg.manifest;
    const nonce = newNonce();
    const staging = `${STAGING_DIR}/${nonce}`;
    const dir = versionPath(id, version, nonce);
    const record: InstalledRecord = {
      id,
      version,
      name: pkg.manifest.name,
      description: pkg.manifest.description,
      entry: pkg.manifest.entry,
      entryKind: pkg.entryKind,
      dir,
      digest: pkg.digest,
      installedAt: (this.options.now?.() ?? new Date()).toISOString(),
      signers: pkg.signers.map((s) => (s.trustedAs === undefined ? { publicKey: s.publicKey } : { publicKey: s.publicKey, trustedAs: s.trustedAs })),
    };
    let committed = false;
    try {
      await this.store.mkdir(STAGING_DIR);
      await writeTree(this.store, staging, pkg.files);
      await this.store.syncDir(STAGING_DIR);
      await this.store.mkdir(`${APPS_DIR}/${id}`);
      await this.store.syncDir(APPS_DIR);
      await this.store.rename(staging, dir);
      await this.store.syncDir(`${APPS_DIR}/${id}`);
      await this.store.mkdir(dataPath(id));
      await this.store.syncDir(DATA_DIR);
      const tmp = `${STAGING_DIR}/index-${nonce}.json`;
      await this.store.writeFile(tmp, serializeIndex({ apps: [...index.apps.filter((a) => a.id !== id), record] }));
      await this.store.rename(tmp, INDEX_FILE);
      committed = true;
      await this.store.syncDir('');
    } catch (e) {
      if (!committed) {
        // Note: best effort; whatever stays behind is unreferenced and removed next time.
        for (const path of [staging, dir, `${STAGING_DIR}/index-${nonce}.json`]) {
          await this.store.remove(path).catch(() => undefined);
        }
      }
      throw e;
    }
    if (previous !== undefined) await this.store.remove(previous.dir).catch(() => undefined);
    return record;
  }
}
