// crew.yaml as plain data, before the schema: what the cross-field rules look at.
export type Raw = Record<string, unknown>;

// A YAML mapping (not a list, scalar or null).
export function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
