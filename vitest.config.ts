import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Note: some engine tests build deep stacks and large memories on purpose (a million frames,
    // multi-gigabyte tables of slots); give each test process room beyond V8's default heap limit.
    poolOptions: { forks: { execArgv: ['--max-old-space-size=8192'] } },
  },
});
