// crew's own log lines, as `log_format` asks: text (`crew | spawned: 'payments_00' with pid 9714`,
// worded like supervisord's log) or JSON, one object a line for log collectors (Loki, Datadog,
// CloudWatch): `{"level":"info","time":1733300000000,"msg":"spawned: ...","event":
// "process:spawn","pool":"payments","process":"payments_00","pid":9714}`. The JSON carries the
// same words as the text in `msg`, the level by name, the time in ms since the epoch, and for a
// line that comes from an event its name and what it was about. Nothing else goes in: no
// environment, no URL, no payload (the text's words are already free of them). A line is written
// whole with one synchronous write, so none is lost or cut at exit.

export type LogFormat = 'text' | 'json';
export type LogLevel = 'info' | 'warn' | 'error';

// What an event's line was about (daemon/event-log.ts fills it in).
export interface LogFields {
  readonly level?: LogLevel;
  readonly event?: string;
  readonly pool?: string;
  readonly process?: string;
  readonly pid?: number | null;
  readonly reason?: string;
}

// Writes one line of crew's own; `fields` from an event, when it comes from one.
export type CrewLog = (line: string, fields?: LogFields) => void;

// A line's level when its writer did not say, by its words: `critical:` and failures (`reload
// failed`, `cannot watch`, a thrown `Error:`) are errors, `warning:` and `config warning:` lines
// warnings, whatever follows (`warning: http: cannot listen` stays a warning).
export function levelOf(line: string): LogLevel {
  if (/^(critical|gave up):/.test(line)) return 'error';
  if (/^(warning|config warning|backoff):/.test(line)) return 'warn';
  if (/\b(failed|could not|cannot)\b|^queues: reading |\b[A-Za-z]*Error:/.test(line))
    return 'error';
  return 'info';
}

// The JSON object of a line (without the newline).
export function jsonLine(line: string, fields: LogFields, time: number): string {
  const { level = levelOf(line), ...about } = fields;
  const entry: Record<string, unknown> = { level, time, msg: line };
  for (const [key, value] of Object.entries(about)) if (value !== undefined) entry[key] = value;
  return JSON.stringify(entry);
}

export interface CrewLogOptions {
  // Read at each line, so a reload that changes log_format applies from the next line on.
  readonly format: () => LogFormat;
  // A text line (the caller adds `crew | ` and the newline).
  readonly text: (line: string) => void;
  // A JSON line, written as it is (plus a newline).
  readonly json: (text: string) => void;
  readonly now?: () => number;
}

export function createCrewLog(options: CrewLogOptions): CrewLog {
  const now = options.now ?? Date.now;
  return (line, fields = {}) => {
    if (options.format() === 'json') options.json(jsonLine(line, fields, now()));
    else options.text(line);
  };
}
