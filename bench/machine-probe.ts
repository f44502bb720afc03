import { Client } from 'pg';

/**
 * How fast this machine is at the moment, by two fixed pieces of work timed
 * beside a measurement: a rebuild's figures are read with them. On a shared
 * VM the same commit's 1M rebuild has taken 51 s and 69 s within ten minutes,
 * its CPU seconds moving with it (docs/performance.md, "A quiet machine"):
 * neither the load average nor steal time shows that, these do.
 * - `nodeMs`: what a rebuild does most in Node — small objects kept in a map,
 *   JSON written — 3,000,000 times, in this process.
 * - `postgresMs`: 1,500,000 hashes sorted, in one statement on the server (null on
 *   the embedded database, which runs in this process).
 * Lower is faster; each is the best of three, so one interruption does not count.
 */
export interface MachineProbe {
  nodeMs: number;
  postgresMs: number | null;
}

const PROBE_SQL = `SELECT count(*) FROM (SELECT md5(g::text) FROM generate_series(1, 1500000) g ORDER BY 1) x`;

export async function probeMachine(serverUrl: string | undefined): Promise<MachineProbe> {
  const nodeMs = Math.min(nodeWork(), nodeWork(), nodeWork());
  if (!serverUrl) return { nodeMs, postgresMs: null };
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await client.query(PROBE_SQL);
      times.push(performance.now() - started);
    }
    return { nodeMs, postgresMs: Math.round(Math.min(...times)) };
  } finally {
    await client.end();
  }
}

function nodeWork(): number {
  const started = performance.now();
  const kept = new Map<string, { at: number; text: string }>();
  let written = 0;
  for (let i = 0; i < 3_000_000; i++) {
    kept.set(`k${i % 50_000}`, { at: i, text: String(i) });
    written += JSON.stringify({ i, x: 'abc' }).length;
  }
  if (written === 0 || kept.size === 0) throw new Error('the probe did no work');
  return Math.round(performance.now() - started);
}
