/** Renders benchmark ratios as an SVG bar chart (log scale), one group of bars per program. */

/** One bar group: a program and each engine's ratio to native. */
export interface ChartRow {
  readonly program: string;
  readonly ratios: ReadonlyMap<string, number>;
}

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An SVG document showing every ratio on a log10 axis from 0.5x to the largest ratio. */
export function renderChart(rows: readonly ChartRow[], engines: readonly string[], title: string): string {
  const maxRatio = Math.max(2, ...rows.flatMap((r) => [...r.ratios.values()]).filter(Number.isFinite));
  const lo = Math.log10(0.5);
  const hi = Math.log10(maxRatio * 1.2);
  const left = 110;
  const plotW = 640;
  const barH = 12;
  const groupH = engines.length * barH + 14;
  const top = 50;
  const height = top + rows.length * groupH + 30 + engines.length * 16;
  const x = (ratio: number) => left + ((Math.log10(Math.max(ratio, 0.5)) - lo) / (hi - lo)) * plotW;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotW + 80}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const tick of [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]) {
    if (tick > maxRatio * 1.2) break;
    const tx = x(tick);
    out.push(`<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${top + rows.length * groupH}" stroke="#ddd"/>`);
    out.push(`<text x="${tx}" y="${top - 12}" text-anchor="middle">${tick}x</text>`);
  }
  rows.forEach((row, gi) => {
    const gy = top + gi * groupH;
    out.push(`<text x="${left - 8}" y="${gy + (engines.length * barH) / 2 + 4}" text-anchor="end">${esc(row.program)}</text>`);
    engines.forEach((eng, ei) => {
      const r = row.ratios.get(eng);
      if (r === undefined || !Number.isFinite(r)) return;
      const y = gy + ei * barH;
      out.push(
        `<rect x="${left}" y="${y}" width="${Math.max(1, x(r) - left)}" height="${barH - 2}" fill="${COLORS[ei % COLORS.length]}"/>`,
      );
      out.push(`<text x="${x(r) + 4}" y="${y + barH - 3}">${r.toFixed(r < 10 ? 2 : 0)}x</text>`);
    });
  });
  const ly = top + rows.length * groupH + 16;
  engines.forEach((eng, ei) => {
    out.push(`<rect x="${left}" y="${ly + ei * 16}" width="10" height="10" fill="${COLORS[ei % COLORS.length]}"/>`);
    out.push(`<text x="${left + 16}" y="${ly + ei * 16 + 9}">${esc(eng)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
