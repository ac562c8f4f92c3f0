// A process's full memory reading: PSS, USS and swap from /proc/PID/smaps_rollup (its read is
// the costly page-table walk, done on the thread pool), or from /proc/PID/status where smaps is
// out of reach (another user's process, a kernel before 4.14). Reads into reused buffers.
import type { FullReading } from './measured-processes.js';
import { encodeKeys, parseKbBytes } from './proc-bytes.js';
import { createReadBuffer, readIntoAsync, readIntoSync } from './read-into.js';

const ROLLUP_KEYS = encodeKeys(['Rss', 'Pss', 'Private_Clean', 'Private_Dirty', 'Swap']);
const STATUS_KEYS = encodeKeys(['VmRSS', 'RssAnon', 'VmSwap']);

// Returns read(pid, out): fills out and resolves true, or false when the process is gone (or a
// zombie). Errors other than a vanished process are thrown. Not reentrant.
export function createFullReader(procRoot: string) {
  const buffer = createReadBuffer();
  const fields = new Float64Array(ROLLUP_KEYS.length);

  async function readRollup(pid: number, out: FullReading): Promise<boolean> {
    const length = await readIntoAsync(`${procRoot}/${pid}/smaps_rollup`, buffer);
    if (length <= 0) return false;
    parseKbBytes(buffer.bytes, length, ROLLUP_KEYS, fields);
    // A zombie's or a kernel thread's smaps_rollup holds no counters.
    if (Number.isNaN(fields[0]! + fields[1]!)) return false;
    out.rssBytes = fields[0]!;
    out.pssBytes = fields[1]!;
    out.ussBytes = (fields[2]! || 0) + (fields[3]! || 0);
    out.swapBytes = fields[4]! || 0;
    return true;
  }

  // Approximate, as parseStatusMemory (process-memory.ts): PSS is RSS, USS is RssAnon.
  function readStatus(pid: number, out: FullReading): boolean {
    const length = readIntoSync(`${procRoot}/${pid}/status`, buffer);
    if (length <= 0) return false;
    parseKbBytes(buffer.bytes, length, STATUS_KEYS, fields);
    const rss = fields[0]!;
    if (Number.isNaN(rss)) return false;
    out.rssBytes = rss;
    out.pssBytes = rss;
    out.ussBytes = Number.isNaN(fields[1]!) ? rss : fields[1]!;
    out.swapBytes = fields[2]! || 0;
    return true;
  }

  return async (pid: number, out: FullReading): Promise<boolean> =>
    (await readRollup(pid, out)) || readStatus(pid, out);
}
