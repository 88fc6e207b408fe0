/** The shape of every guide test: replay the guide on the native and interp engines. */

import { describe, it } from 'vitest';
import { replayGuide } from './replay.js';
import { missingToolchain, type Toolchain } from './toolchains.js';

/** The engines every guide is replayed on. */
export const GUIDE_ENGINES = ['native', 'interp'] as const;

/**
 * Declares the tests of one guide: for each engine, every command of the guide prints what the
 * guide shows. Skips (with a message) when the guide's toolchain is missing.
 */
export function defineGuideTest(guide: string, toolchain: Toolchain, options: { readonly nodeModules?: boolean } = {}): void {
  // Note: the engines replay concurrently (vitest gives this file one process; the guests run in
  // child processes, so two replays use two cores); shared steps run once through the cache.
  describe.concurrent(guide, () => {
    const missing = missingToolchain(guide, toolchain);
    for (const engine of GUIDE_ENGINES) {
      it.skipIf(missing !== null)(`every command prints what the guide shows (${engine} engine)`, async () => {
        const result = await replayGuide({ guide, engine, ...options });
        if (result.transcript.length === 0) throw new Error(`${guide} has no console commands`);
      });
    }
  });
}
