/**
 * A resource exported under several names (WIT `type trailers = fields`, as in wasi:http) keeps its
 * own name for its `[method]`, `[constructor]` and `[static]` functions.
 */

import { describe, expect, it } from 'vitest';
import { decodeComponent } from '../../../src/component/binary/index.js';
import { parseComponentText } from '../../../src/component/text/index.js';

const WITH_ALIAS = `(component
  (import "host" (instance $h
    (export "fields" (type $f (sub resource)))
    (export "trailers" (type (eq $f)))
    (export "[constructor]fields" (func (result (own $f))))
    (export "[method]fields.size" (func (param "self" (borrow $f)) (result u32)))
    (export "[static]fields.empty" (func (result (own $f))))
  ))
)`;

describe('resources exported under several names', () => {
  it('validates methods named after the resource itself', () => {
    const c = decodeComponent(parseComponentText(WITH_ALIAS));
    expect([...c.imports.keys()]).toEqual(['host']);
  });

  it('still rejects a method named after an unrelated resource', () => {
    const bad = WITH_ALIAS.replace(
      '(export "trailers" (type (eq $f)))',
      '(export "trailers" (type (eq $f)))\n    (export "other" (type (sub resource)))',
    ).replace('[method]fields.size', '[method]other.size');
    expect(() => decodeComponent(parseComponentText(bad))).toThrow(/does not match expected resource name `fields`/);
  });
});
