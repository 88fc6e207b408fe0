/**
 * The project's single checked-in list of expected failures (`test/expected-failures.json`): every
 * conformance runner (spec scripts, wasi-testsuite, component corpora) consults it, and every entry
 * has a reason.
 */

/** One expected failure. */
export interface ExpectedFailure {
  /** Which runner: `spec`, `component-wast`, `wasi-testsuite`, `components`. */
  readonly suite: string;
  /** The test: `file.wast:LINE` for scripts (file name only), the test name for the others. */
  readonly id: string;
  /** Engines it applies to; omitted means every engine. */
  readonly engines?: readonly string[];
  /** Why it fails and what would fix it. */
  readonly reason: string;
}

/** A loaded list with fast lookup. */
export class ExpectedFailures {
  private readonly byKey = new Map<string, ExpectedFailure[]>();

  constructor(readonly entries: readonly ExpectedFailure[]) {
    for (const e of entries) {
      if (!e.reason?.trim()) throw new Error(`expected failure ${e.suite} ${e.id} has no reason`);
      const key = `${e.suite}\u0000${e.id}`;
      const list = this.byKey.get(key) ?? [];
      list.push(e);
      this.byKey.set(key, list);
    }
  }

  /** Parses the JSON form: `{ "entries": [...] }`. */
  static fromJson(text: string): ExpectedFailures {
    const data = JSON.parse(text) as { entries?: ExpectedFailure[] };
    return new ExpectedFailures(data.entries ?? []);
  }

  /** The entry covering `suite`/`id` on `engine`, if any. */
  find(suite: string, id: string, engine: string): ExpectedFailure | undefined {
    return this.byKey.get(`${suite}\u0000${id}`)?.find((e) => !e.engines || e.engines.includes(engine));
  }
}

/** An empty list. */
export const NO_EXPECTED_FAILURES = new ExpectedFailures([]);
