// The guest of the `shapes` world (shapes.wit), built into a component with componentize-js.
// Values follow jco's JS bindings: records and flags have camelCase keys, variants are
// { tag, val }, options are the value or undefined, and an `err` result is thrown.

export function doubleArea(s) {
  switch (s.tag) {
    case 'circle':
      // 2 * 3 * r^2: pi taken as 3 keeps the answer integral.
      return BigInt(6 * s.val * s.val);
    case 'rect':
      return 2n * BigInt(s.val[0]) * BigInt(s.val[1]);
    case 'polygon': {
      let twice = 0;
      const p = s.val;
      for (let i = 0; i < p.length; i++) {
        const a = p[i];
        const b = p[(i + 1) % p.length];
        twice += a.x * b.y - b.x * a.y;
      }
      return BigInt(Math.abs(twice));
    }
    case 'empty':
      return 0n;
  }
  throw new Error(`unknown shape ${s.tag}`);
}

export function rightmost(points) {
  let best;
  for (const p of points) if (best === undefined || p.x > best.x) best = p;
  return best;
}

export function describe(s, c, st) {
  const styles = Object.keys(st).filter((k) => st[k]);
  const what = s.tag === 'polygon' ? `polygon of ${s.val.length} points` : s.tag;
  return `${styles.length ? styles.join('+') + ' ' : ''}${c} ${what}`;
}

export function shoutWords(text) {
  return text.split(/\s+/).filter((w) => w.length > 0).reverse().map((w) => w.toUpperCase());
}

export function parsePoint(text) {
  const parts = text.split(',');
  if (parts.length !== 3) throw `expected x,y,label but got ${JSON.stringify(text)}`;
  const x = Number(parts[0]);
  const y = Number(parts[1]);
  if (!Number.isInteger(x) || !Number.isInteger(y)) throw `not integers: ${parts[0]}, ${parts[1]}`;
  return { x, y, label: parts[2] };
}

export function summarize(points, weights) {
  let total = 0;
  for (const w of weights) total += w;
  return { count: points.length, total, names: points.map((p) => p.label) };
}

export function shift(points, dx, dy) {
  const moved = points.map((p) => ({ x: p.x + dx, y: p.y + dy, label: p.label }));
  const bytes = new TextEncoder().encode(points.map((p) => p.label).join('|'));
  return [moved, bytes];
}
