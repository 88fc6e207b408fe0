import { describe, expect, it } from 'vitest';
import { checkUpdate, isBreakingChange, runtimeSatisfies } from './check-update.js';
import type { UpdateSubject } from './check-update.js';

function subject(version: string, extra: { id?: string; minRuntime?: string; signers?: UpdateSubject['signers'] } = {}): UpdateSubject {
  return { manifest: { id: extra.id ?? 'org.example.app', version, minRuntime: extra.minRuntime ?? '*' }, signers: extra.signers };
}

const K1 = 'ed25519:' + '1'.repeat(64);
const K2 = 'ed25519:' + '2'.repeat(64);

describe('checkUpdate', () => {
  it.each([
    ['same version', subject('1.2.0'), subject('1.2.0'), {}, { status: 'up-to-date', version: '1.2.0' }],
    ['patch update', subject('1.2.0'), subject('1.2.1'), {}, { status: 'update-available', from: '1.2.0', version: '1.2.1' }],
    ['minor update', subject('1.2.0'), subject('1.9.0'), {}, { status: 'update-available', version: '1.9.0' }],
    ['prerelease to release', subject('2.0.0-rc.1'), subject('2.0.0'), {}, { status: 'update-available', version: '2.0.0' }],
    ['0.x patch', subject('0.3.1'), subject('0.3.2'), {}, { status: 'update-available', version: '0.3.2' }],
    ['different id', subject('1.0.0'), subject('1.0.1', { id: 'org.evil.app' }), {}, { status: 'incompatible', reason: 'different-id' }],
    ['downgrade', subject('1.2.0'), subject('1.1.9'), {}, { status: 'incompatible', reason: 'downgrade' }],
    ['release to its prerelease', subject('2.0.0'), subject('2.0.0-rc.1'), {}, { status: 'incompatible', reason: 'downgrade' }],
    ['min-runtime not satisfied', subject('1.0.0'), subject('1.1.0', { minRuntime: '>=0.5.0' }), {}, { status: 'incompatible', reason: 'min-runtime' }],
    ['min-runtime satisfied', subject('1.0.0'), subject('1.1.0', { minRuntime: '^0.1.0' }), {}, { status: 'update-available' }],
    ['major bump', subject('1.4.0'), subject('2.0.0'), {}, { status: 'incompatible', reason: 'major-bump' }],
    ['major bump allowed', subject('1.4.0'), subject('2.0.0'), { allowMajor: true }, { status: 'update-available', version: '2.0.0' }],
    ['0.x minor is breaking', subject('0.3.1'), subject('0.4.0'), {}, { status: 'incompatible', reason: 'major-bump' }],
    ['0.0.x patch is breaking', subject('0.0.3'), subject('0.0.4'), {}, { status: 'incompatible', reason: 'major-bump' }],
    ['same trusted signer', subject('1.0.0', { signers: [{ publicKey: K1, trustedAs: 'me' }] }), subject('1.0.1', { signers: [{ publicKey: K1 }] }), {}, { status: 'update-available' }],
    ['signer changed', subject('1.0.0', { signers: [{ publicKey: K1, trustedAs: 'me' }] }), subject('1.0.1', { signers: [{ publicKey: K2, trustedAs: 'other' }] }), {}, { status: 'incompatible', reason: 'signer-changed' }],
    ['signature dropped', subject('1.0.0', { signers: [{ publicKey: K1, trustedAs: 'me' }] }), subject('1.0.1'), {}, { status: 'incompatible', reason: 'signer-changed' }],
    ['untrusted signer before', subject('1.0.0', { signers: [{ publicKey: K1 }] }), subject('1.0.1'), {}, { status: 'update-available' }],
  ])('%s', (_name, installed, candidate, options, expected) => {
    expect(checkUpdate(installed, candidate, { runtimeVersion: '0.1.0', ...options })).toMatchObject(expected);
  });

  it('says what to do in incompatible messages', () => {
    const r = checkUpdate(subject('1.0.0'), subject('2.0.0'), { runtimeVersion: '0.1.0' });
    expect(r.status === 'incompatible' && r.message).toContain('--allow-major');
    const d = checkUpdate(subject('1.0.0'), subject('0.9.0'), { runtimeVersion: '0.1.0' });
    expect(d.status === 'incompatible' && d.message).toContain('older than the installed 1.0.0');
  });
});

describe('isBreakingChange and runtimeSatisfies', () => {
  it.each([
    ['1.0.0', '1.5.3', false],
    ['1.0.0', '2.0.0', true],
    ['0.2.0', '0.2.9', false],
    ['0.2.0', '0.3.0', true],
    ['0.0.1', '0.0.1', false],
    ['0.0.1', '0.0.2', true],
  ])('%s -> %s breaking: %s', (a, b, breaking) => {
    expect(isBreakingChange(a, b)).toBe(breaking);
  });

  it('includes prereleases of kpio itself', () => {
    expect(runtimeSatisfies('0.2.0-dev.3', '>=0.1.0')).toBe(true);
    expect(runtimeSatisfies('0.1.0', '>=0.2.0')).toBe(false);
    expect(runtimeSatisfies('0.1.0', '*')).toBe(true);
  });
});
