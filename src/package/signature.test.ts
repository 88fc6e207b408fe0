import { describe, expect, it } from 'vitest';
import { contentDigest } from './digest.js';
import { PackageError } from './errors.js';
import {
  formatSignatures,
  formatTrustedKeys,
  generateSigningKey,
  parseSignatures,
  parseTrustedKeys,
  publicKeyOf,
  signDigest,
  verifySignatures,
} from './signature.js';

const enc = new TextEncoder();
const files = new Map([
  ['manifest.toml', enc.encode('id = "x"')],
  ['bin/app.wasm', new Uint8Array([0, 97, 115, 109])],
]);
const digest = contentDigest(files);

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PackageError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('content digest', () => {
  it('does not depend on insertion order and ignores signatures.toml', () => {
    const reversed = new Map([...files].reverse());
    expect(contentDigest(reversed)).toBe(digest);
    expect(contentDigest(new Map([...files, ['signatures.toml', enc.encode('x')]]))).toBe(digest);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['a changed byte', new Map([...files, ['bin/app.wasm', new Uint8Array([0, 97, 115, 110])]])],
    ['a renamed file', new Map([['manifest.toml', files.get('manifest.toml')!], ['bin/app2.wasm', files.get('bin/app.wasm')!]])],
    ['an added empty file', new Map([...files, ['empty', new Uint8Array(0)]])],
  ])('changes with %s', (_n, changed) => {
    expect(contentDigest(changed)).not.toBe(digest);
  });
});

describe('signatures', () => {
  const alice = generateSigningKey();
  const bob = generateSigningKey();
  const trusted = [{ name: 'alice', publicKey: alice.publicKey }];

  it('derives the public key from the secret key', () => {
    expect(publicKeyOf(alice.secretKey)).toBe(alice.publicKey);
    expect(alice.publicKey).toMatch(/^ed25519:[0-9a-f]{64}$/);
  });

  it('round-trips signatures.toml and verifies', () => {
    const text = formatSignatures([signDigest(digest, alice.secretKey), signDigest(digest, bob.secretKey)]);
    const records = parseSignatures(enc.encode(text));
    const signers = verifySignatures(records, digest, trusted, 'require-trusted');
    expect(signers).toEqual([
      { publicKey: alice.publicKey, trustedAs: 'alice' },
      { publicKey: bob.publicKey, trustedAs: undefined },
    ]);
  });

  it('refuses a signature over another digest', () => {
    const other = contentDigest(new Map([['x', new Uint8Array(1)]]));
    expect(code(() => verifySignatures([signDigest(other, alice.secretKey)], digest, trusted, 'optional'))).toBe('bad-signature');
  });

  it('refuses a forged signature value', () => {
    const good = signDigest(digest, alice.secretKey);
    const flipped = (parseInt(good.value[0]!, 16) ^ 1).toString(16) + good.value.slice(1);
    expect(code(() => verifySignatures([{ ...good, value: flipped }], digest, trusted, 'optional'))).toBe('bad-signature');
    expect(code(() => verifySignatures([{ ...good, publicKey: bob.publicKey }], digest, trusted, 'optional'))).toBe('bad-signature');
  });

  it('requires a trusted signer under require-trusted', () => {
    expect(code(() => verifySignatures([], digest, trusted, 'require-trusted'))).toBe('untrusted');
    expect(code(() => verifySignatures([signDigest(digest, bob.secretKey)], digest, trusted, 'require-trusted'))).toBe('untrusted');
    expect(verifySignatures([], digest, trusted, 'optional')).toEqual([]);
  });

  it.each([
    ['not UTF-8', new Uint8Array([0xff])],
    ['not TOML', enc.encode('[[signature')],
    ['unknown top field', enc.encode('x = 1')],
    ['empty list', enc.encode('signature = []')],
    ['bad key', enc.encode('[[signature]]\npublic-key = "rsa:00"\ndigest = "sha256:' + '0'.repeat(64) + '"\nvalue = "' + '0'.repeat(128) + '"')],
    ['bad value', enc.encode('[[signature]]\npublic-key = "ed25519:' + '0'.repeat(64) + '"\ndigest = "sha256:' + '0'.repeat(64) + '"\nvalue = "00"')],
  ])('parseSignatures refuses %s', (_n, bytes) => {
    expect(code(() => parseSignatures(bytes))).toBe('bad-signature');
  });

  it('parses and formats trusted keys', () => {
    const keys = [{ name: 'alice', publicKey: alice.publicKey }, { name: 'bob', publicKey: bob.publicKey }];
    expect(parseTrustedKeys(formatTrustedKeys(keys), 'trusted-keys.toml')).toEqual(keys);
    expect(code(() => parseTrustedKeys('[keys]\nalice = "nope"', 'trusted-keys.toml'))).toBe('bad-key');
    expect(code(() => parseTrustedKeys('other = 1', 'trusted-keys.toml'))).toBe('bad-key');
    expect(() => publicKeyOf('ed25519-secret:zz')).toThrow(/64 hex digits/);
  });
});
