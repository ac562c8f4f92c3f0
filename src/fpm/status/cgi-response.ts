// A CGI response (RFC 3875 §6) as PHP writes it to FastCGI's STDOUT: header lines, a blank
// line, the body. The HTTP status is the `Status:` header's (`Status: 404 Not Found`), 302
// with a `Location:` alone, 200 otherwise.

export interface CgiResponse {
  readonly statusCode: number;
  readonly statusText: string;
  // Lower-cased names; a name sent twice has its values joined with ", ".
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const STATUS_LINE = /^(\d{3})(?:\s+(.*))?$/;

// Splits STDOUT into status, headers and body; a reply without a header block is a message.
export function parseCgiResponse(stdout: Buffer): CgiResponse | string {
  const text = stdout.toString('utf8');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const useLf = lf !== -1 && (crlf === -1 || lf < crlf);
  const split = useLf ? lf : crlf;
  if (split === -1) {
    return `the FastCGI reply has no CGI header block (${stdout.length} bytes, no blank line)`;
  }
  // No prototype: a header may be called `constructor`.
  const headers: Record<string, string> = Object.create(null);
  for (const line of text.slice(0, split).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a CGI header line without a name: ${JSON.stringify(line)}`;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
  }
  const body = text.slice(split + (useLf ? 2 : 4));
  const status = headers.status === undefined ? null : STATUS_LINE.exec(headers.status);
  if (headers.status !== undefined && status === null) {
    return `a CGI Status header that is not a status: ${JSON.stringify(headers.status)}`;
  }
  if (status) {
    return { statusCode: Number(status[1]), statusText: status[2] ?? '', headers, body };
  }
  if (headers.location !== undefined) {
    return { statusCode: 302, statusText: 'Found', headers, body };
  }
  return { statusCode: 200, statusText: 'OK', headers, body };
}
