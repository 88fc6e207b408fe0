/**
 * The one UTF-8 codec of kpio. Every string that crosses a guest boundary (names in modules,
 * WASI paths/args/env, canonical-ABI strings) goes through here.
 */

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Encodes a JS string as UTF-8. Lone surrogates become U+FFFD. */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Encodes into an existing buffer; returns bytes read (UTF-16 units) and written. */
export function encodeUtf8Into(s: string, dest: Uint8Array): { read: number; written: number } {
  return encoder.encodeInto(s, dest);
}

/** Number of bytes `s` takes in UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Decodes UTF-8, returning `null` if the bytes are not well-formed UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes UTF-8, replacing ill-formed sequences with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes);
}
