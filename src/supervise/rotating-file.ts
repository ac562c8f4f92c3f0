// An append-only log file that rotates at maxBytes, keeping `backups` old files (name.1 newest),
// as supervisord's stdout_logfile_maxbytes / _backups do.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';

export interface RotatingFile extends Writable {
  readonly path: string;
}

// Opens (creating directories as needed) a rotating log file.
export function createRotatingFile(path: string, maxBytes: number, backups: number): RotatingFile {
  mkdirSync(dirname(path), { recursive: true });
  let fd = openSync(path, 'a');
  let size = existsSync(path) ? statSync(path).size : 0;

  const rotate = () => {
    closeSync(fd);
    if (backups === 0) {
      rmSync(path, { force: true });
    } else {
      rmSync(`${path}.${backups}`, { force: true });
      for (let n = backups - 1; n >= 1; n--) {
        if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
      }
      renameSync(path, `${path}.1`);
    }
    fd = openSync(path, 'a');
    size = 0;
  };

  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      try {
        if (maxBytes > 0 && size > 0 && size + chunk.length > maxBytes) rotate();
        writeSync(fd, chunk);
        size += chunk.length;
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    final(done) {
      closeSync(fd);
      done();
    },
  }) as RotatingFile;
  Object.defineProperty(stream, 'path', { value: path });
  return stream;
}
