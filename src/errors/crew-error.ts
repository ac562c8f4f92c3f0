// Coded errors: a stable code, a message naming the next thing to try, optional details.
// Only the CLI entry turns them into text and exit codes.

export const errorCatalogue = {
  CREW_CONFIG_INVALID: { exitCode: 2, summary: 'The configuration file has mistakes.' },
  CREW_CONFIG_NOT_FOUND: { exitCode: 2, summary: 'The configuration file does not exist.' },
  CREW_IMPORT_INVALID: { exitCode: 2, summary: 'The supervisord file cannot be read.' },
  CREW_FPM_CONFIG_INVALID: {
    exitCode: 2,
    summary: 'The PHP-FPM configuration has mistakes php-fpm would refuse.',
  },
  CREW_TRACE_INVALID: { exitCode: 2, summary: 'The workload trace cannot be read.' },
  CREW_USAGE: { exitCode: 2, summary: 'The command line is wrong.' },
  CREW_NOT_RUNNING: { exitCode: 3, summary: 'No crew daemon answers on the control socket.' },
  CREW_ALREADY_RUNNING: { exitCode: 3, summary: 'Another crew daemon already owns the socket.' },
  CREW_PROCESS_NOT_FOUND: { exitCode: 4, summary: 'No process or pool matches the name.' },
  CREW_POOL_NOT_FOUND: { exitCode: 4, summary: 'No pool has that name.' },
  CREW_BAD_SIGNAL: { exitCode: 2, summary: 'The signal name is not known.' },
  CREW_HISTORY_NOT_FOUND: { exitCode: 4, summary: 'No applied configuration has that number.' },
  CREW_HISTORY_SECRET: {
    exitCode: 4,
    summary: 'A kept config version needs secrets the running config no longer has.',
  },
  CREW_STORE: { exitCode: 5, summary: 'The job store cannot be opened or answered an error.' },
  CREW_STORE_CORRUPT: {
    exitCode: 5,
    summary: "The job store's SQLite file is damaged or not a database.",
  },
  CREW_STORE_FULL: { exitCode: 5, summary: "The disk holding the job store's file is full." },
  CREW_JOB_NOT_FOUND: { exitCode: 4, summary: 'No failed job has that id.' },
  CREW_HANDLERS: {
    exitCode: 2,
    summary: 'A handlers module cannot be loaded or exports no handlers.',
  },
  CREW_BACKLOG_INVALID: { exitCode: 2, summary: 'A backlog source is configured wrongly.' },
  CREW_BACKLOG_UNAVAILABLE: { exitCode: 5, summary: 'A watched queue cannot be reached or read.' },
  CREW_HTTP_DENIED: { exitCode: 1, summary: 'An HTTP request lacks the token it needs.' },
  CREW_HTTP_BUSY: { exitCode: 1, summary: 'Too many HTTP event streams are open.' },
  CREW_PROTOCOL: { exitCode: 1, summary: 'The control socket answered something unexpected.' },
  CREW_INTERNAL: { exitCode: 70, summary: 'A bug in crew.' },
} as const;

export type CrewErrorCode = keyof typeof errorCatalogue;

export class CrewError extends Error {
  readonly code: CrewErrorCode;
  readonly details: readonly string[];

  constructor(code: CrewErrorCode, message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'CrewError';
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return errorCatalogue[this.code].exitCode;
  }
}

// True when the value is a CrewError, also across module copies.
export function isCrewError(value: unknown): value is CrewError {
  const code = value instanceof Error ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CREW_');
}
