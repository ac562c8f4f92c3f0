// pm.max_requests: recycle a child before a leak makes it a quarter bigger than it started.
// Growth counts when a child would pass +25% within the written max_requests (or 10,000
// requests when it is 0, unlimited); the limit is then the requests to +25%, rounded down to a
// round number (50, 100, 200, 500, 1000...) and at least 50, since each recycle costs a fork
// and a cold opcache for that child. Without such growth the written limit stays, and an
// unlimited one becomes 500, which bounds slow leaks at a negligible cost.

import { formatBytes } from '../../config/units.js';
import type { FpmChildGrowth } from './child-growth.js';
import type { FpmCurrent } from './plan-types.js';

export const GROWTH_SHARE = 0.25;
export const UNLIMITED_HORIZON = 10_000;
export const MIN_MAX_REQUESTS = 50;
export const DEFAULT_MAX_REQUESTS = 500;

export interface MaxRequestsAdvice {
  readonly value: number;
  readonly reason: string;
}

// The largest of 1, 2 or 5 × 10^k not above `n`, and at least 50.
export function roundDownRequests(n: number): number {
  if (n < MIN_MAX_REQUESTS) return MIN_MAX_REQUESTS;
  const power = 10 ** Math.floor(Math.log10(n));
  const step = [5, 2, 1].find((m) => m * power <= n) ?? 1;
  return Math.max(MIN_MAX_REQUESTS, step * power);
}

// pm.max_requests from the children's growth, with its reason.
export function adviseMaxRequests(
  current: FpmCurrent,
  growth: FpmChildGrowth | null,
): MaxRequestsAdvice {
  const horizon = current.maxRequests > 0 ? current.maxRequests : UNLIMITED_HORIZON;
  const within =
    current.maxRequests > 0 ? `within the ${horizon} written` : `within ${horizon} requests`;
  if (growth !== null && growth.bytesPerRequest > 0 && growth.baseBytes > 0) {
    const perRequest = `${formatBytes(Math.round(growth.bytesPerRequest))} a request from ${formatBytes(growth.baseBytes)}`;
    const toQuarter = (GROWTH_SHARE * growth.baseBytes) / growth.bytesPerRequest;
    if (toQuarter < horizon) {
      const value = roundDownRequests(toQuarter);
      return {
        value,
        reason: `children grow ${perRequest} (median of ${growth.children}): +25% after ${Math.floor(toQuarter)} requests, ${within} → ${value}`,
      };
    }
    if (current.maxRequests > 0) {
      return {
        value: current.maxRequests,
        reason: `children grow ${perRequest}, under 25% ${within}; kept ${current.maxRequests}`,
      };
    }
    return {
      value: DEFAULT_MAX_REQUESTS,
      reason: `bounds slow leaks (the common Laravel setting); children grow ${perRequest}, under 25% ${within}`,
    };
  }
  if (current.maxRequests > 0) {
    return {
      value: current.maxRequests,
      reason: `no growth measured; kept ${current.maxRequests}`,
    };
  }
  return {
    value: DEFAULT_MAX_REQUESTS,
    reason: 'bounds slow leaks (the common Laravel setting); no growth measured',
  };
}
