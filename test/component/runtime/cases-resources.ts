import type { RuntimeCase } from './case.js';
export const RESOURCE_CASES: readonly RuntimeCase[] = [];
