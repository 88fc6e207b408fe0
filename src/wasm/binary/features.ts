/**
 * Names of the post-2.0 proposals whose encodings kpio meets but does not implement, so that an
 * error can say which feature a module needs instead of only "illegal opcode".
 *
 * Every message keeps the spec's own text first (`illegal opcode 0x12 (tail calls are not
 * supported: Wasm 2.0)`), so spec scripts that match by prefix still pass.
 */

/** The phrases appended to errors, one per proposal. */
export const Feature = {
  exceptions: 'exception handling is not supported',
  tailCalls: 'tail calls are not supported',
  functionReferences: 'typed function references are not supported',
  gc: 'garbage collection (GC) types and instructions are not supported',
  threads: 'threads (shared memories and atomics) are not supported',
  relaxedSimd: 'relaxed SIMD is not supported',
  multiMemory: 'the multi-memory proposal is not supported',
  memory64: '64-bit memories and tables (memory64) are not supported',
  customPageSizes: 'custom page sizes are not supported',
  wideArithmetic: 'wide arithmetic is not supported',
  extendedConst: 'extended constant expressions are not supported',
} as const;

/** One of the {@link Feature} phrases. */
export type FeaturePhrase = (typeof Feature)[keyof typeof Feature];

/** Appends the feature note to a spec message, when there is one. */
export function withFeature(message: string, feature: FeaturePhrase | undefined): string {
  return feature === undefined ? message : `${message} (${feature}: Wasm 2.0)`;
}

const SINGLE_BYTE_OPCODES: ReadonlyMap<number, FeaturePhrase> = new Map<number, FeaturePhrase>([
  [0x06, Feature.exceptions], // try (legacy)
  [0x07, Feature.exceptions], // catch (legacy)
  [0x08, Feature.exceptions], // throw
  [0x09, Feature.exceptions], // rethrow (legacy)
  [0x0a, Feature.exceptions], // throw_ref
  [0x12, Feature.tailCalls], // return_call
  [0x13, Feature.tailCalls], // return_call_indirect
  [0x14, Feature.functionReferences], // call_ref
  [0x15, Feature.tailCalls], // return_call_ref
  [0x18, Feature.exceptions], // delegate (legacy)
  [0x19, Feature.exceptions], // catch_all (legacy)
  [0x1f, Feature.exceptions], // try_table
  [0xd3, Feature.functionReferences], // ref.as_non_null
  [0xd4, Feature.functionReferences], // br_on_null
  [0xd5, Feature.gc], // ref.eq
  [0xd6, Feature.functionReferences], // br_on_non_null
  [0xfb, Feature.gc], // GC prefix
  [0xfe, Feature.threads], // atomics prefix
]);

/** The proposal an unknown single-byte opcode belongs to, if any. */
export function opcodeFeature(b: number): FeaturePhrase | undefined {
  return SINGLE_BYTE_OPCODES.get(b);
}

/** The proposal an unknown `0xfc`/`0xfd`-prefixed opcode belongs to, if any. */
export function prefixedOpcodeFeature(prefix: number, sub: number): FeaturePhrase | undefined {
  if (prefix === 0xfc && sub >= 0x13 && sub <= 0x16) return Feature.wideArithmetic;
  if (prefix === 0xfd && sub >= 0x100 && sub <= 0x1ff) return Feature.relaxedSimd;
  return undefined;
}

/** The proposal an unknown section id belongs to, if any. */
export function sectionIdFeature(id: number): FeaturePhrase | undefined {
  return id === 13 ? Feature.exceptions : undefined;
}

const TYPE_BYTES: ReadonlyMap<number, FeaturePhrase> = new Map<number, FeaturePhrase>([
  [0x64, Feature.functionReferences], // (ref ht)
  [0x63, Feature.functionReferences], // (ref null ht)
  [0x69, Feature.exceptions], // exnref
  [0x74, Feature.exceptions], // nullexnref
  [0x6e, Feature.gc], // anyref
  [0x6d, Feature.gc], // eqref
  [0x6c, Feature.gc], // i31ref
  [0x6b, Feature.gc], // structref
  [0x6a, Feature.gc], // arrayref
  [0x71, Feature.gc], // nullref
  [0x72, Feature.gc], // nullexternref
  [0x73, Feature.gc], // nullfuncref
  [0x78, Feature.gc], // i8 (packed)
  [0x77, Feature.gc], // i16 (packed)
  [0x5e, Feature.gc], // array type
  [0x5f, Feature.gc], // struct type
  [0x50, Feature.gc], // sub type
  [0x4f, Feature.gc], // final sub type
  [0x4e, Feature.gc], // recursion group
]);

/** The proposal an unknown value-, reference- or definition-type byte belongs to, if any. */
export function typeByteFeature(b: number): FeaturePhrase | undefined {
  return TYPE_BYTES.get(b);
}

/** The proposal that a limits flag byte with bits beyond "has maximum" belongs to, if any. */
export function limitsFlagFeature(kind: 'memory' | 'table', flag: number): FeaturePhrase | undefined {
  if (flag & 0x80) return undefined;
  if (flag & 0x02) return Feature.threads;
  if (flag & 0x04) return Feature.memory64;
  if (flag & 0x08 && kind === 'memory') return Feature.customPageSizes;
  return undefined;
}
