import { defineConfig } from 'vitest/config';

/** Opt-in checks that need inputs outside the repository and the corpus (`npm run check:*`). */
export default defineConfig({
  test: {
    include: ['test/**/*.check.ts'],
    testTimeout: 120_000,
  },
});
