// A binary min-heap of timed events for the simulation, ordered by time and then by the order
// they were pushed, so equal times always resolve the same way.

export interface Timed {
  readonly at: number;
}

export interface EventHeap<T extends Timed> {
  push(event: T): void;
  pop(): T | undefined;
  peekAt(): number;
  readonly size: number;
}

// Creates an empty heap.
export function createHeap<T extends Timed>(): EventHeap<T> {
  const items: { event: T; seq: number }[] = [];
  let seq = 0;
  const less = (i: number, j: number) =>
    items[i]!.event.at < items[j]!.event.at ||
    (items[i]!.event.at === items[j]!.event.at && items[i]!.seq < items[j]!.seq);
  const swap = (i: number, j: number) => {
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  };
  return {
    get size() {
      return items.length;
    },
    push(event) {
      items.push({ event, seq: seq++ });
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0]!.event;
      const last = items.pop()!;
      if (items.length > 0) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < items.length && less(l, m)) m = l;
          if (r < items.length && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    peekAt: () => (items.length === 0 ? Number.POSITIVE_INFINITY : items[0]!.event.at),
  };
}
