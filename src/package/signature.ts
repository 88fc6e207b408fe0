/**
 * Ed25519 signatures of packages: keys and their text form, the `signatures.toml` file inside a
 * package, the trusted-keys list, and verification.
 *
 * A signature signs the package's content digest (see `digest.ts`), prefixed with a domain
 * string so a signature can never be replayed as anything else:
 * `"kpioapp-signature-v1\n" + digest`. Keys are written `ed25519:<64 hex>` (public) and
 * `ed25519-secret:<64 hex>` (secret seed).
 *
 * ```toml
 * # signatures.toml
 * [[signature]]
 * public-key = "ed25519:3d40..."
 * digest = "sha256:9f86..."
 * value = "6a1c..."            # 128 hex digits
 * ```
 */

import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { decodeUtf8Strict, encodeUtf8 } from '../util/utf8.js';
import { isDigest, SIGNATURES_FILE } from './digest.js';
import { PackageError, PackageErrorCode } from './errors.js';

/** A trusted signer: a name for messages and its public key (`ed25519:<hex>`). */
export interface TrustedKey {
  readonly name: string;
  readonly publicKey: string;
}

/** One signature as stored in `signatures.toml`. */
export interface SignatureRecord {
  /** The signer's public key, `ed25519:<hex>`. */
  readonly publicKey: string;
  /** The digest that was signed. */
  readonly digest: string;
  /** The signature, 128 hex digits. */
  readonly value: string;
}

/** A signer whose signature verified. */
export interface VerifiedSigner {
  /** The signer's public key, `ed25519:<hex>`. */
  readonly publicKey: string;
  /** The name of the key in the trusted list, or `undefined` when the key is not trusted. */
  readonly trustedAs: string | undefined;
}

/** How strict verification is. */
export type SignaturePolicy =
  /** Signatures are optional; any present must verify. */
  | 'optional'
  /** At least one signature from a trusted key is required; any present must verify. */
  | 'require-trusted';

const PUBLIC_PREFIX = 'ed25519:';
const SECRET_PREFIX = 'ed25519-secret:';
const MAX_SIGNATURES = 16;

/** Creates a fresh signing key pair (from the platform's cryptographic random source). */
export function generateSigningKey(): { secretKey: string; publicKey: string } {
  const seed = ed25519.utils.randomSecretKey();
  return { secretKey: SECRET_PREFIX + bytesToHex(seed), publicKey: PUBLIC_PREFIX + bytesToHex(ed25519.getPublicKey(seed)) };
}

/** Returns the public key (`ed25519:<hex>`) of a secret key (`ed25519-secret:<hex>`). */
export function publicKeyOf(secretKey: string): string {
  return PUBLIC_PREFIX + bytesToHex(ed25519.getPublicKey(decodeKey(secretKey, SECRET_PREFIX, 'secret key')));
}

/** Decodes `ed25519:<hex>` into its 32 bytes; throws {@link PackageError} (`bad-key`) if malformed. */
export function decodePublicKey(text: string): Uint8Array {
  return decodeKey(text, PUBLIC_PREFIX, 'public key');
}

function decodeKey(text: string, prefix: string, what: string): Uint8Array {
  const t = text.trim();
  if (!t.startsWith(prefix) || !/^[0-9a-fA-F]{64}$/.test(t.slice(prefix.length))) {
    throw new PackageError(PackageErrorCode.BadKey, { file: what }, `expected "${prefix}" followed by 64 hex digits`);
  }
  return hexToBytes(t.slice(prefix.length).toLowerCase());
}

function message(digest: string): Uint8Array {
  return encodeUtf8(`kpioapp-signature-v1\n${digest}`);
}

/** Signs a content digest with a secret key. */
export function signDigest(digest: string, secretKey: string): SignatureRecord {
  const seed = decodeKey(secretKey, SECRET_PREFIX, 'secret key');
  return {
    publicKey: PUBLIC_PREFIX + bytesToHex(ed25519.getPublicKey(seed)),
    digest,
    value: bytesToHex(ed25519.sign(message(digest), seed)),
  };
}

/** Serializes signature records as the text of `signatures.toml`. */
export function formatSignatures(records: readonly SignatureRecord[]): string {
  return stringifyToml({
    signature: records.map((r) => ({ 'public-key': r.publicKey, digest: r.digest, value: r.value })),
  });
}

/** Parses `signatures.toml`; throws {@link PackageError} (`bad-signature`) naming the field. */
export function parseSignatures(bytes: Uint8Array, file: string = SIGNATURES_FILE): SignatureRecord[] {
  const fail = (field: string | undefined, problem: string): never => {
    throw new PackageError(PackageErrorCode.BadSignature, { file, field }, problem);
  };
  const text = decodeUtf8Strict(bytes);
  if (text === null) fail(undefined, 'the file is not valid UTF-8');
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text!) as Record<string, unknown>;
  } catch (e) {
    return fail(undefined, `invalid TOML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  for (const key of Object.keys(doc)) if (key !== 'signature') fail(key, 'unknown field (expected "signature")');
  const list = doc['signature'];
  if (!Array.isArray(list) || list.length === 0) fail('signature', 'must be a non-empty array of tables ([[signature]])');
  if ((list as unknown[]).length > MAX_SIGNATURES) fail('signature', `more than ${MAX_SIGNATURES} signatures`);
  return (list as unknown[]).map((item, i) => {
    const f = `signature[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(f, 'must be a table');
    const t = item as Record<string, unknown>;
    for (const key of Object.keys(t)) {
      if (!['public-key', 'digest', 'value'].includes(key)) fail(`${f}.${key}`, 'unknown field (expected public-key, digest, value)');
    }
    const publicKey = t['public-key'];
    const digest = t['digest'];
    const value = t['value'];
    if (typeof publicKey !== 'string' || !/^ed25519:[0-9a-f]{64}$/.test(publicKey)) fail(`${f}.public-key`, 'must be "ed25519:" followed by 64 lower-case hex digits');
    if (typeof digest !== 'string' || !isDigest(digest)) fail(`${f}.digest`, 'must be "sha256:" followed by 64 lower-case hex digits');
    if (typeof value !== 'string' || !/^[0-9a-f]{128}$/.test(value)) fail(`${f}.value`, 'must be 128 lower-case hex digits');
    return { publicKey: publicKey as string, digest: digest as string, value: value as string };
  });
}

/**
 * Verifies every signature against the package's computed `digest`, and applies `policy`.
 * Every signature present must be valid (an invalid one means the package was altered);
 * returns the signers, marking those found in `trusted`.
 */
export function verifySignatures(
  records: readonly SignatureRecord[],
  digest: string,
  trusted: readonly TrustedKey[],
  policy: SignaturePolicy,
  file: string = SIGNATURES_FILE,
): VerifiedSigner[] {
  const signers: VerifiedSigner[] = [];
  records.forEach((r, i) => {
    const field = `signature[${i}]`;
    if (r.digest !== digest) {
      throw new PackageError(PackageErrorCode.BadSignature, { file, field }, `signs digest ${r.digest}, but the contents have digest ${digest} (the package was altered after signing)`);
    }
    let ok = false;
    try {
      ok = ed25519.verify(hexToBytes(r.value), message(digest), decodePublicKey(r.publicKey), { zip215: false });
    } catch {
      ok = false;
    }
    if (!ok) throw new PackageError(PackageErrorCode.BadSignature, { file, field }, `the signature by ${r.publicKey} does not verify`);
    if (signers.some((s) => s.publicKey === r.publicKey)) {
      throw new PackageError(PackageErrorCode.BadSignature, { file, field }, `${r.publicKey} signed twice`);
    }
    signers.push({ publicKey: r.publicKey, trustedAs: trusted.find((k) => k.publicKey === r.publicKey)?.name });
  });
  if (policy === 'require-trusted' && !signers.some((s) => s.trustedAs !== undefined)) {
    const problem = records.length === 0
      ? 'the package is not signed, and a signature by a trusted key is required'
      : 'the package is not signed by any trusted key';
    throw new PackageError(PackageErrorCode.Untrusted, { file }, problem);
  }
  return signers;
}

/**
 * Parses a trusted-keys list (TOML: `[keys]` with `name = "ed25519:<hex>"` lines). `file`
 * names the list in errors.
 */
export function parseTrustedKeys(text: string, file: string): TrustedKey[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    throw new PackageError(PackageErrorCode.BadKey, { file }, `invalid TOML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  for (const key of Object.keys(doc)) {
    if (key !== 'keys') throw new PackageError(PackageErrorCode.BadKey, { file, field: key }, 'unknown field (expected "keys")');
  }
  const keys = doc['keys'] ?? {};
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
    throw new PackageError(PackageErrorCode.BadKey, { file, field: 'keys' }, 'must be a table of name = "ed25519:<hex>"');
  }
  return Object.entries(keys as Record<string, unknown>).map(([name, value]) => {
    if (typeof value !== 'string' || !/^ed25519:[0-9a-f]{64}$/.test(value)) {
      throw new PackageError(PackageErrorCode.BadKey, { file, field: `keys.${name}` }, 'must be "ed25519:" followed by 64 lower-case hex digits');
    }
    return { name, publicKey: value };
  });
}

/** Serializes a trusted-keys list in the format {@link parseTrustedKeys} reads. */
export function formatTrustedKeys(keys: readonly TrustedKey[]): string {
  return stringifyToml({ keys: Object.fromEntries(keys.map((k) => [k.name, k.publicKey])) });
}
