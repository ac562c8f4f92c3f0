// Prometheus text parsed by an independent parser (parse-prometheus-text-format), so tests check
// what a scraper reads rather than what prom-client meant to write.
import parse, { type ParsedFamily } from 'parse-prometheus-text-format';

export type { ParsedFamily } from 'parse-prometheus-text-format';

// Families by name.
export function parsePrometheus(text: string): Map<string, ParsedFamily> {
  return new Map(parse(text).map((family) => [family.name, family]));
}

// The value of the sample whose labels include these, or undefined.
export function sampleValue(
  family: ParsedFamily | undefined,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const sample = family?.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  return sample === undefined ? undefined : Number(sample.value);
}
