// What crew tells of a PHP-FPM pool: its status page stopped answering (with FPM's or the
// socket's reason), or answers again. Each is said once per change, never once per reading.
export interface FpmEvents {
  'fpm:unreachable': {
    // The crew pool and FPM's [pool] whose status page was read.
    pool: string;
    fpmPool: string;
    reason: string;
  };
  'fpm:reachable': {
    pool: string;
    fpmPool: string;
    // How long it did not answer.
    downMs: number;
  };
}
