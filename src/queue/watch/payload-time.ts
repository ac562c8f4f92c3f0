// When a Laravel Redis-queue job became ready, read from its JSON payload. The list holds only
// payloads, so this is the one place a push time can come from:
//   - Laravel 12 and later stamp every payload with `createdAt` (Unix seconds, Queue.php) and
//     `delay` (seconds it was pushed with, or null; laravel/framework#55529);
//   - Horizon stamps `pushedAt`, microtime(true) as a string ("1700000000.1234"), in
//     JobPayload::prepare, on every version;
//   - plain Laravel before 12 records neither, and the time is unknown.
// A payload whose `attempts` is above 0 has been tried before: it came back from a release
// (backoff) or an expired reservation, and its stamps describe the first push, not when it
// became ready again, so its time is unknown too.

// Unix ms at which the job became ready, or null when the payload does not say.
export function readyAtFromPayload(payload: string): number | null {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const fields = data as Record<string, unknown>;
  if ((readSeconds(fields.attempts) ?? 0) > 0) return null;
  const pushedSec = readSeconds(fields.pushedAt) ?? readSeconds(fields.createdAt);
  if (pushedSec === null || pushedSec <= 0) return null;
  const delaySec = Math.max(0, readSeconds(fields.delay) ?? 0);
  return Math.round((pushedSec + delaySec) * 1000);
}

// A number of seconds as PHP's json_encode may write it: a number or a numeric string.
function readSeconds(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}
