// What asking php-fpm something over FastCGI gives: the response, or a failure with its reason.
// Never a throw: a status page that does not answer is a reading, not a crash.
import type { CgiResponse } from './cgi-response.js';

export type FpmFailureKind =
  // `listen` is not something php-fpm accepts (or still holds `$pool`).
  | 'invalid-listen'
  // The connect failed: no socket file, nothing on the port, permission, backlog full.
  | 'refused'
  // No complete reply within timeoutMs (connect included).
  | 'timeout'
  // The connection closed (or was reset) before END_REQUEST.
  | 'closed'
  // Bytes that are not a FastCGI reply, or not a CGI response, or a refused request.
  | 'protocol'
  // STDOUT and STDERR together over maxBytes.
  | 'too-large'
  // FPM's "Access denied." (403): the script's extension is not in security.limit_extensions.
  | 'access-denied'
  // FPM's "File not found." (404): no such script, so the path is no status or ping path.
  | 'file-not-found'
  // A status or ping reply that is not what the page writes.
  | 'unexpected-reply';

export interface FpmFailure {
  readonly ok: false;
  readonly kind: FpmFailureKind;
  // One line that names the address, what went wrong and what to check.
  readonly message: string;
}

export interface FpmResponse extends CgiResponse {
  readonly ok: true;
  // FCGI_END_REQUEST's application status (PHP's is 0 even after a fatal error).
  readonly appStatus: number;
  // What PHP wrote to FCGI_STDERR ("Primary script unknown", "PHP message: ...").
  readonly stderr: string;
  readonly durationMs: number;
}

export type FpmResult = FpmResponse | FpmFailure;

// A failure value.
export function fpmFailure(kind: FpmFailureKind, message: string): FpmFailure {
  return { ok: false, kind, message };
}
