// The CGI variables of a GET that php-fpm answers as a web server's would be. Its status and
// ping pages need three (checked against php-fpm 8.2): REQUEST_METHOD (without it FPM answers an
// empty page), SCRIPT_NAME equal to pm.status_path or ping.path, and SCRIPT_FILENAME present,
// whatever its value (without it: "File not found."). The format comes from QUERY_STRING
// (`json`, `full`, `html`, `xml`, `openmetrics`); any other path runs SCRIPT_FILENAME.

export interface CgiRequest {
  // The URI path: `/status`, `/ping`, `/index.php`.
  readonly path: string;
  // Without the `?`: `json&full`.
  readonly query?: string;
  // The script to run; the path itself by default (what nginx's `$fastcgi_script_name` gives).
  readonly scriptFilename?: string;
  readonly method?: 'GET' | 'HEAD';
}

// The params of one request, as FastCGI name-value pairs.
export function buildCgiParams(request: CgiRequest): Record<string, string> {
  const query = request.query ?? '';
  return {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_SOFTWARE: 'crew',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_NAME: 'localhost',
    SERVER_ADDR: '127.0.0.1',
    SERVER_PORT: '80',
    REMOTE_ADDR: '127.0.0.1',
    REMOTE_PORT: '0',
    REQUEST_METHOD: request.method ?? 'GET',
    SCRIPT_FILENAME: request.scriptFilename ?? request.path,
    SCRIPT_NAME: request.path,
    DOCUMENT_URI: request.path,
    REQUEST_URI: query === '' ? request.path : `${request.path}?${query}`,
    QUERY_STRING: query,
    CONTENT_TYPE: '',
    CONTENT_LENGTH: '',
  };
}
