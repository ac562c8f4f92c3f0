// The control socket speaks newline-delimited JSON: one request per line, answered by zero or
// more `data` lines (for streams such as `tail -f`) and one final `result` or `error` line.

export interface ControlRequest {
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

export interface ControlErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: readonly string[];
}

// The lines answering a request: its `data` and `result` types are the method's (methods.ts).
export type ControlResponse<Data = unknown, Result = unknown> =
  | { readonly id: number; readonly data: Data }
  | { readonly id: number; readonly result: Result }
  | { readonly id: number; readonly error: ControlErrorBody };

export const maxRequestBytes = 1024 * 1024;

// Splits a byte stream into complete lines; returns the unfinished rest.
export function takeLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((line) => line.trim().length > 0), rest };
}
