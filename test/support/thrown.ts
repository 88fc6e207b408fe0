/** Test helper: what a call throws, checked to be of the expected class. */

/**
 * Calls `f` and returns what it throws, which must be an instance of `type`; anything else thrown
 * propagates, and returning normally fails the test.
 */
export function thrown<E>(f: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
