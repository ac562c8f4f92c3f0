// A host's id: one `crew up`'s identity in the cluster (crew_hosts.id). Every process it spawns
// has an instance id that starts with it (supervise/spawn-child.ts), and so does every claim
// their workers make, so a surviving host puts back all of a vanished host's claims with one
// prefix (queue/postgres/stalls.ts releaseClaims). Six base64url characters: 36 bits, and room
// in the 16-character holder id for the instance's own 8.
import { randomBytes } from 'node:crypto';

export const HOST_ID_PATTERN = /^[A-Za-z0-9_-]{6}$/;

export function newHostId(): string {
  return randomBytes(6).toString('base64url').slice(0, 6);
}
