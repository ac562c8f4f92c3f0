// What the cluster tells the rest of crew: a host that went silent was declared gone by this one
// (and its claims put back), or this host learned it had been declared gone and rejoined.
import type { StalledJobNote } from '../worker/events.js';

export interface ClusterEvents {
  'cluster:host-gone': {
    // The silent host's id and name.
    host: string;
    hostname: string;
    // How long it had been silent when this host marked it gone.
    silentMs: number;
    // Its workers' claims: put back without spending a try, or failed past max_stalls.
    released: readonly StalledJobNote[];
    failed: readonly StalledJobNote[];
  };
  'cluster:rejoined': {
    // The host that had declared this one gone.
    by: string;
  };
}
