// What the autoscaler tells the rest of crew: each decision with the sentence that explains it.
import type { ScaleDecision } from './types.js';

export interface ScaleEvents {
  'scale:decision': ScaleDecision;
}
