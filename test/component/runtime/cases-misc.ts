import type { RuntimeCase } from './case.js';
export const MISC_CASES: readonly RuntimeCase[] = [];
