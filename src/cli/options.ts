/** Shared option parsing for CLI commands (over node:util's parseArgs). */

import util, { type ParseArgsConfig } from 'node:util';
import type { EngineKind } from '../runtime/engine.js';
import { defaultEngineKind, ENGINE_KINDS } from '../engine-kinds.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const NEGATIVE_NUMBER = /^-(\d|\.\d|inf$|nan)/i;
const HIDDEN = '\u0000kpio-negative:';

/** The parsed value type of one option definition. */
type OptionValue<O> = O extends { type: 'boolean' }
  ? O extends { multiple: true }
    ? boolean[]
    : boolean
  : O extends { multiple: true }
    ? string[]
    : string;

/** What {@link parseOptions} returns. */
export interface ParsedOptions<T extends Options> {
  readonly values: { [K in keyof T]?: OptionValue<T[K]> };
  readonly positionals: string[];
}

/** Parses `args` strictly; unknown options and missing values become UsageErrors. */
export function parseOptions<T extends Options>(args: string[], options: T): ParsedOptions<T> {
  // Note: parseArgs reads "-3" as a short option; negative numbers are arguments (to --invoke, or
  // option values that the checks below then reject), so hide them from it and restore them after.
  const negatives: string[] = [];
  const hidden = args.map((a) => (NEGATIVE_NUMBER.test(a) ? `${HIDDEN}${negatives.push(a) - 1}` : a));
  const restore = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith(HIDDEN) ? negatives[Number(v.slice(HIDDEN.length))] : Array.isArray(v) ? v.map(restore) : v;
  try {
    const r = util.parseArgs({ args: hidden, options, allowPositionals: true, strict: true });
    const values = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, restore(v)]));
    return { values, positionals: r.positionals.map((p) => restore(p) as string) } as unknown as ParsedOptions<T>;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** The `--engine` value, checked. */
export function engineOption(value: string | undefined): EngineKind {
  if (value === undefined) return defaultEngineKind();
  if (!(ENGINE_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--engine must be one of ${ENGINE_KINDS.join(', ')}, got "${value}"`);
  }
  return value as EngineKind;
}

/** A non-negative integer option (fuel, bytes, counts). */
export function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

/** A positive number of seconds. */
export function secondsOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new UsageError(`--${name} must be a positive number of seconds, got "${value}"`);
  return n;
}
