// A Markdown table as text: the first column left-aligned, the others right-aligned, padded so
// it also reads as plain text in a terminal.
export function markdownTable(header, rows) {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((r) => String(r[i]).length)),
  );
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  const rule = widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`));
  return [line(header), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}
