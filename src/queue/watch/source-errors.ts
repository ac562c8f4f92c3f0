// The errors a backlog source throws: a wrong spec, or a queue that cannot be reached or read.
// Messages name the source by its URL with the password masked.

import { CrewError } from '../../errors/crew-error.js';

// Masks a URL's password (store-url.ts), re-exported for the watchers that import it from here.

// The spec is wrong (bad URL scheme, table name, retry_after).
export function invalidSource(field: string, message: string, hint: string): CrewError {
  return new CrewError('CREW_BACKLOG_INVALID', `backlog ${field}: ${message}`, [hint]);
}

// Opening the source failed.
export function unreachableSource(label: string, cause: unknown): CrewError {
  return new CrewError(
    'CREW_BACKLOG_UNAVAILABLE',
    `cannot connect to ${label}: ${describeCause(cause)}`,
    ['check the URL, that the server is running and that the credentials are right'],
  );
}

// A snapshot failed; the caller logs it and tries again on a later tick.
export function unreadableSource(label: string, cause: unknown, hint: string): CrewError {
  return new CrewError(
    'CREW_BACKLOG_UNAVAILABLE',
    `cannot read the backlog from ${label}: ${describeCause(cause)}`,
    [hint],
  );
}

// The cause's own message, or its code when a driver leaves the message empty (an
// AggregateError from a refused connection to both ::1 and 127.0.0.1 has none).
export function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.message !== '') return cause.message;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.name;
}
