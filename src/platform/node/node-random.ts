/** The host's secure random generator (`crypto.randomFillSync`) as a `sys` {@link RandomSource}. */

import type { RandomSource } from '../../sys/index.js';
import { nodeCrypto } from './lazy-builtins.js';

/** Chunk size of one `randomFillSync` call. */
const CHUNK = 1 << 20;

/** Secure random bytes from Node's CSPRNG. */
export class NodeRandom implements RandomSource {
  fill(buf: Uint8Array): void {
    const { randomFillSync } = nodeCrypto();
    for (let off = 0; off < buf.length; off += CHUNK) {
      randomFillSync(buf, off, Math.min(CHUNK, buf.length - off));
    }
  }
}
