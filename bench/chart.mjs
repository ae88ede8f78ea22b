// An SVG bar chart of ops/s per benchmark and implementation, written by
// bench/bench.mjs (no browser or plotting library needed). The scale is
// logarithmic: the implementations differ by two orders of magnitude.

const SERIES = [
  ["iron9", "iron-session 9.0.1", "#9aa5b1"],
  ["iron8", "iron-session 8.0.4", "#cbd2d9"],
  ["native", "iron-session-native", "#d9480f"],
  ["nativeSync", "iron-session-native, sync", "#f08c00"],
];

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const compact = (ops) =>
  ops >= 1e6
    ? `${(ops / 1e6).toFixed(1)}M`
    : ops >= 1e3
      ? `${(ops / 1e3).toFixed(ops >= 1e4 ? 0 : 1)}k`
      : `${Math.round(ops)}`;

/**
 * rows: [{ label, results: { iron9?: {ops, min, max}, ... } }]; returns the SVG text.
 * Each bar is the median; a thin line spans the lowest to highest round.
 */
export function barChart(rows, { title }) {
  const series = SERIES.filter(([key]) => rows.some((row) => row.results[key]));
  const all = rows.flatMap((row) => series.map(([key]) => row.results[key]).filter(Boolean));
  const low = 10 ** Math.floor(Math.log10(Math.min(...all.map((r) => r.min))));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...all.map((r) => r.max))));
  const labelWidth = 300;
  const plotWidth = 560;
  const barHeight = 14;
  const groupHeight = series.length * (barHeight + 3) + 14;
  const top = 56;
  const height = top + rows.length * groupHeight + 40;
  const x = (ops) => labelWidth + (Math.log10(ops / low) / Math.log10(high / low)) * plotWidth;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 70}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  ];
  series.forEach(([, name, color], i) => {
    const lx = 12 + i * 200;
    parts.push(`<rect x="${lx}" y="34" width="12" height="12" fill="${color}"/>`);
    parts.push(`<text x="${lx + 18}" y="44">${escapeXml(name)}</text>`);
  });
  for (let decade = low; decade <= high; decade *= 10) {
    const gx = x(decade).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${height - 30}" stroke="#e4e7eb"/>`);
    parts.push(`<text x="${gx}" y="${height - 14}" text-anchor="middle" fill="#52606d">${compact(decade)}</text>`);
  }
  parts.push(
    `<text x="${labelWidth + plotWidth / 2}" y="${height - 1}" text-anchor="middle" fill="#52606d">ops/s (log scale)</text>`,
  );
  rows.forEach((row, r) => {
    const groupTop = top + r * groupHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${groupTop + groupHeight / 2}" text-anchor="end">${escapeXml(row.label)}</text>`,
    );
    series.forEach(([key, , color], i) => {
      const result = row.results[key];
      if (!result) return;
      const y = groupTop + i * (barHeight + 3);
      const width = Math.max(1, x(result.ops) - labelWidth);
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${color}"/>`,
      );
      const mid = (y + barHeight / 2).toFixed(1);
      parts.push(
        `<line x1="${x(result.min).toFixed(1)}" y1="${mid}" x2="${x(result.max).toFixed(1)}" y2="${mid}" stroke="#1f2933"/>`,
      );
      parts.push(
        `<text x="${(x(result.max) + 4).toFixed(1)}" y="${y + barHeight - 3}" fill="#323f4b">${compact(result.ops)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
