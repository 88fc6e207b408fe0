/**
 * Comparing what a command printed with what a guide shows: line by line, where a line that is
 * exactly `...` matches any number of lines (none included) and `...` inside a line matches any text.
 */

/** The wildcard the guides use for output that differs between machines or runs. */
export const ELLIPSIS = '...';

function lineMatcher(expected: string): (actual: string) => boolean {
  if (!expected.includes(ELLIPSIS)) return (actual) => actual === expected;
  const pattern = expected.split(ELLIPSIS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const re = new RegExp(`^${pattern}$`);
  return (actual) => re.test(actual);
}

/** True when the `actual` lines match the `expected` lines with their wildcards. */
export function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  const matchers = expected.map((e) => (e === ELLIPSIS ? null : lineMatcher(e)));
  // Note: memoised over (expected index, actual index), so `...` lines never make it exponential.
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (actual.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === matchers.length) result = j === actual.length;
    else {
      const m = matchers[i];
      if (m === null) result = go(i + 1, j) || (j < actual.length && go(i, j + 1));
      else result = j < actual.length && m!(actual[j]!) && go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Splits printed text into lines without trailing blanks or trailing empty lines. */
export function outputLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
