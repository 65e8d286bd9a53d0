// Plain-text tables for people.

/** Columns padded to their widest cell; numeric-looking cells right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+\s*(%|[a-zA-Z/]+)?$|^-$/.test(r[c] ?? "")));
  const line = (r: string[]) =>
    r.map((cell, c) => (numeric[c] ? (cell ?? "").padStart(widths[c]) : (cell ?? "").padEnd(widths[c]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Two columns: label, value. */
export function formatPairs(pairs: [string, string][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n");
}

export function int(n: number): string {
  return n.toLocaleString("en-US");
}
