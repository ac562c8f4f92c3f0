// `crew tail [-f] NAME [stdout|stderr]`: the end of a process's output, or a live follow.
import { callDaemon } from '../control/client.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';

// Prints the last bytes (default 1600, as supervisorctl) or follows until interrupted.
export async function tail(
  name: string,
  stream: 'stdout' | 'stderr' | undefined,
  options: SocketOptions & { follow?: boolean; bytes?: number },
  output: Output,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const socket = await resolveSocketPath(options);
  const params = {
    name,
    stream: stream ?? 'stdout',
    bytes: options.bytes ?? 1600,
    follow: options.follow === true,
  };
  if (!params.follow) {
    const result = await callDaemon(socket, 'tail', params);
    write(result.text);
    if (result.path) output.err(`(full log: ${result.path})`);
    return 0;
  }
  await callDaemon(socket, 'tail', params, {
    onData: (data) => write(data.text),
  });
  return 0;
}
