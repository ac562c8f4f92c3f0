// Finds the control socket without loading the daemon's modules: --socket, then CREW_SOCKET,
// then the default beside the config file; the config is parsed only if it moves the socket.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SocketOptions {
  readonly config: string;
  readonly socket?: string;
}

// Resolves the socket path a client command should call.
export async function resolveSocketPath(
  options: SocketOptions,
  env = process.env,
): Promise<string> {
  if (options.socket) return resolve(options.socket);
  if (env.CREW_SOCKET) return resolve(env.CREW_SOCKET);
  const file = resolve(options.config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return join(dirname(file), '.crew', 'crew.sock');
  }
  if (!/^(control|run_dir)\s*:/m.test(text)) return join(dirname(file), '.crew', 'crew.sock');
  const { loadConfigOrThrow } = await import('../config/load.js');
  return loadConfigOrThrow(file, env).config.control.socket;
}
