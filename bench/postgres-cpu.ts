import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * CPU seconds the PostgreSQL server spends on one database while something
 * runs, read from /proc (the server must run on this machine): every backend
 * connected to the database and every autovacuum worker in it, sampled
 * through pg_stat_activity, each counted from its first sample to its last
 * (a backend that started during the run counts from its start). The server's
 * own processes (WAL writer, checkpointer, background writer) serve every
 * database, so they are reported apart. Undefined where /proc cannot be read.
 */
export interface PostgresCpu {
  /** The database's backends and autovacuum workers. */
  backendSeconds: number;
  /** WAL writer, checkpointer and background writer: the whole server's, whoever else uses it. */
  serverSeconds: number;
  backends: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in clock ticks, or undefined if it is gone (or not on this machine). */
function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export async function samplePostgresCpu(adminUrl: string, database: string, everyMs = 250): Promise<{ stop(): Promise<PostgresCpu | undefined> }> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const own = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  // Per pid: ticks at its first sample (0 if it began after the sampling did) and at its latest.
  const seen = new Map<number, { first: number; last: number }>();
  const server = new Map<number, number>();
  let started = false;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number; backend_type: string; datname: string | null }>(
      'SELECT pid, backend_type, datname FROM pg_stat_activity',
    );
    for (const row of rows) {
      if (row.pid === own) continue;
      const ticks = ticksOf(row.pid);
      if (ticks === undefined) continue;
      if (['walwriter', 'checkpointer', 'background writer'].includes(row.backend_type)) {
        if (!server.has(row.pid)) server.set(row.pid, ticks);
        continue;
      }
      if (row.datname !== database) continue;
      const known = seen.get(row.pid);
      if (known) known.last = ticks;
      else seen.set(row.pid, { first: started ? 0 : ticks, last: ticks });
    }
    started = true;
  };
  await sample();
  const serverAtStart = new Map(server);
  let stopped = false;
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    if (!stopped) pending = pending.then(sample).catch(() => undefined);
  }, everyMs);
  return {
    async stop() {
      await pending;
      await sample();
      stopped = true;
      clearInterval(timer);
      await client.end();
      if (seen.size === 0 && server.size === 0) return undefined;
      let backend = 0;
      for (const { first, last } of seen.values()) backend += last - first;
      let serverTicks = 0;
      for (const [pid, atStart] of serverAtStart) serverTicks += (ticksOf(pid) ?? atStart) - atStart;
      return {
        backendSeconds: Math.round((backend / TICKS_PER_SECOND) * 10) / 10,
        serverSeconds: Math.round((serverTicks / TICKS_PER_SECOND) * 10) / 10,
        backends: seen.size,
      };
    },
  };
}
