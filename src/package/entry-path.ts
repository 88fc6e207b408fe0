/**
 * The rules for paths inside a `.kpioapp`: relative, `/`-separated, no `.`/`..` segments, and
 * portable to every file system kpio installs onto (so a package that installs on Linux also
 * installs on Windows and macOS).
 */

import { utf8Length } from '../util/utf8.js';
import { PackageErrorCode } from './errors.js';

/** Why a path was refused: a {@link PackageErrorCode} and a sentence. */
export interface PathProblem {
  readonly code: PackageErrorCode;
  readonly problem: string;
}

// Note: names Windows reserves for devices in every directory, with or without an extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Note: characters Windows file systems refuse; `:` would also name an NTFS alternate data stream.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks one relative path (an archive entry name, a manifest `entry`, a file given to `pack`).
 * `isDirectory` allows (and strips) one trailing `/`. Returns the problem, or `null` when safe.
 */
export function checkRelativePath(path: string, isDirectory = false, maxNameBytes = 1024): PathProblem | null {
  const unsafe = (problem: string): PathProblem => ({ code: PackageErrorCode.UnsafePath, problem });
  if (path.length === 0) return unsafe('the name is empty');
  if (utf8Length(path) > maxNameBytes) return unsafe(`the name is longer than ${maxNameBytes} bytes`);
  if (CONTROL.test(path)) return unsafe('the name contains a control character');
  if (path.includes('\\')) return unsafe('the name contains a backslash (only "/" separates directories)');
  if (path.startsWith('/')) return unsafe('the name is an absolute path');
  if (/^[A-Za-z]:/.test(path)) return unsafe('the name starts with a drive letter (an absolute Windows path)');
  let body = path;
  if (isDirectory && body.endsWith('/')) body = body.slice(0, -1);
  for (const segment of body.split('/')) {
    if (segment === '') return unsafe('the name has an empty path segment ("//" or a trailing "/")');
    if (segment === '..') return unsafe('the name climbs out of the package root ("..")');
    if (segment === '.') return unsafe('the name has a "." segment');
    if (WINDOWS_FORBIDDEN.test(segment)) {
      return unsafe(`the segment ${JSON.stringify(segment)} contains a character that is not portable (<>:"|?*)`);
    }
    if (segment.endsWith('.') || segment.endsWith(' ')) {
      return unsafe(`the segment ${JSON.stringify(segment)} ends with a dot or a space (not portable)`);
    }
    if (WINDOWS_DEVICE.test(segment)) {
      return unsafe(`the segment ${JSON.stringify(segment)} is a reserved device name on Windows`);
    }
  }
  return null;
}

/**
 * The key under which two paths collide on a case-insensitive or normalizing file system
 * (macOS, Windows): Unicode NFC, then lower case.
 */
export function collisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** Compares two paths by their UTF-8 bytes (the order digests and listings use). */
export function compareUtf8(a: string, b: string): number {
  // Note: UTF-16 code-unit order differs from UTF-8 byte order only when one side has a
  // surrogate (U+10000 and up) and the other a code unit in U+E000..U+FFFF; compare code points.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
