// Aligns rows of cells into columns for terminal output; the first row sets the column count.
export function formatTable(
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number> = new Set(),
  gap = '  ',
): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) =>
    row
      .map((cell, col) =>
        rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!),
      )
      .join(gap)
      .trimEnd(),
  );
}
