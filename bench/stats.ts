import { PerformanceEntry, PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';

/** Small statistics helpers for the benchmark's tables. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Runs `count` operations spread over `concurrency` workers; returns operations per second. */
export async function throughput(count: number, concurrency: number, operation: (worker: number, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (;;) {
        const index = next++;
        if (index >= count) return;
        await operation(worker, index);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

/**
 * The garbage collections while `work` runs, in this process: scavenges
 * (young generation) and mark-compacts (the whole heap), each with its count
 * and total pause. A p99 far above the p50 on a fixed path is often a
 * mark-compact every few dozen requests.
 */
export async function collectionsDuring<T>(work: () => Promise<T>): Promise<{ result: T; scavenges: GcCount; markCompacts: GcCount }> {
  const scavenges: GcCount = { count: 0, ms: 0 };
  const markCompacts: GcCount = { count: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const counted =
        kind === perfConstants.NODE_PERFORMANCE_GC_MINOR ? scavenges : kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? markCompacts : undefined;
      if (!counted) continue;
      counted.count++;
      counted.ms = round(counted.ms + entry.duration, 1);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const result = await work();
    // The observer is told of the last collections after a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    return { result, scavenges, markCompacts };
  } finally {
    observer.disconnect();
  }
}

export interface GcCount {
  count: number;
  ms: number;
}
