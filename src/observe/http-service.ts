// Keeps the HTTP server bound to the config's `http.listen`: binds at start, rebinds when a reload
// moves it, closes at shutdown. A failed bind (the port is taken, the address is not this
// machine's) is a warning, never fatal: workers matter more than their dashboard, and daemons
// started side by side with the default 127.0.0.1:9099 (tests, several crews on one host) must
// not stop each other from running. The first one gets the port; the others run without HTTP.
import type { RequestListener } from 'node:http';
import { formatListen } from '../config/listen-address.js';
import type { HttpConfig } from '../config/types.js';
import { type HttpHandler, type HttpServer, listenHttp } from './http-server.js';

export interface HttpService {
  // http://HOST:PORT actually bound, or null when HTTP is off or could not bind.
  url(): string | null;
  // Binds, rebinds or closes to match the config (the token and event_streams need none of that).
  apply(http: HttpConfig | null): Promise<void>;
  close(): Promise<void>;
}

export function createHttpService(
  listener: RequestListener | HttpHandler,
  log: (line: string) => void,
): HttpService {
  let server: HttpServer | null = null;
  // What `server` was asked to bind (port 0 stays 0), or null.
  let bound: string | null = null;

  const close = async () => {
    const current = server;
    server = null;
    bound = null;
    await current?.close();
  };

  return {
    url: () => server?.url ?? null,
    async apply(http) {
      // Limits apply from the next request, whether or not the server rebinds.
      if ('configure' in listener) listener.configure(http);
      const wanted = http === null ? null : formatListen(http);
      if (wanted === bound && (server !== null || wanted === null)) return;
      await close();
      if (http === null || wanted === null) return;
      try {
        server = await listenHttp(http, listener);
        bound = wanted;
        log(`http: listening on ${server.url}`);
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        log(
          `warning: http: cannot listen on ${wanted} (${code ?? message}); running without HTTP. Set http.listen to a free port, or http: false`,
        );
      }
    },
    close,
  };
}
