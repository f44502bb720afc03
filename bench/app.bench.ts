import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { createApp } from '../src/app.factory';
import { TokenVerifier } from '../src/auth/token-verifier';
import { loadConfig } from '../src/config/app-config';
import { EVENT_STORE, EventStore, formatPosition } from '../src/event-store/event-store.port';
import { ProjectionsService } from '../src/projections/projections.service';
import { ORGANISATION_IDS } from '../src/reference-data/organisations';
import { questionHistory } from './generate';
import { collectionsDuring, percentile, round, timed } from './stats';
import { samplePostgresCpu } from './postgres-cpu';

export interface RunningApp {
  app: INestApplication;
  url: string;
  token: string;
  databaseUrl?: string;
  close(): Promise<void>;
}

/** The real application on loopback, against the benchmark's database, with the rate limit out of the way. */
export async function startBenchApp(settings: { databaseUrl?: string; dataDir: string }): Promise<RunningApp> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: settings.databaseUrl ?? '',
    DATA_DIR: settings.dataDir,
    AUTH_JWT_SECRET: 'benchmark-secret-that-is-long-enough-for-hs256',
    RATE_LIMIT_PER_MINUTE: '1000000',
    EVENT_STORE: 'postgres',
  });
  const app = await createApp(config, {}, ['error']);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const token = await app.get(TokenVerifier).mint({ userId: 'bench.admin', displayName: 'Bench', organisationId: 'region-varmland', roles: ['admin'] });
  return { app, url: `http://127.0.0.1:${port}`, token, databaseUrl: settings.databaseUrl, close: () => app.close() };
}

const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

async function post(app: RunningApp, path: string, body: object): Promise<{ questionId: string; position: string }> {
  const response = await fetch(app.url + path, { method: 'POST', headers: json(app.token), body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ questionId: string; position: string }>;
}

const raiseBody = {
  title: 'Regional kulturplan',
  description: 'Ny regional kulturplan.',
  raisedBy: { kind: 'organisation', id: 'karlstad' },
  topicArea: 'Kultur',
};

/**
 * (2) a realistic command mix through HTTP at fixed concurrency — raise a
 * question (1 in 4) and a party's input on an open question (3 in 4) — and
 * (6) freshness under that load: the time from a command's response until the
 * projections have applied it, probed alongside.
 */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  statusCodeStats: Record<string, unknown>;
}

function runLoadChild(input: { url: string; token: string; seconds: number; connections: number; open: string[] }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'load-child.js'), JSON.stringify(input)], { maxBuffer: 16 * 2 ** 20 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult);
    });
  });
}

/**
 * The CPU the app's process (Node) and the database's backends (PostgreSQL,
 * where it runs on this machine) spend while `work` runs, per command the load
 * sent: what a command costs, which a busy 2-core machine moves less than
 * requests/s.
 */
async function cpuDuring<T extends LoadResult>(app: RunningApp, work: () => Promise<T>) {
  const url = app.databaseUrl ? new URL(app.databaseUrl) : undefined;
  const database = url?.pathname.slice(1);
  if (url) url.pathname = '/postgres';
  const postgres = url && database ? await samplePostgresCpu(url.toString(), database) : undefined;
  const atStart = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(atStart);
  const nodeSeconds = (used.user + used.system) / 1e6;
  const postgresSeconds = (await postgres?.stop())?.backendSeconds;
  const commands = Math.max(1, result.requests.total);
  return {
    result,
    cpu: {
      nodeSeconds: round(nodeSeconds, 2),
      postgresSeconds: postgresSeconds === undefined ? undefined : round(postgresSeconds, 2),
      commands: result.requests.total,
      nodeMsPerCommand: round((nodeSeconds * 1000) / commands, 2),
      postgresMsPerCommand: postgresSeconds === undefined ? undefined : round((postgresSeconds * 1000) / commands, 2),
    },
  };
}

/**
 * Waits until the projections `names` have applied `position`, waiting again
 * (at most `retries` times) after each 503 that a wait longer than
 * READ_YOUR_WRITES_TIMEOUT_MS answers while they catch up on a loaded machine.
 */
async function waitPatiently(projections: ProjectionsService, names: string[], position: string, retries: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await projections.waitFor(names, position);
    } catch (error) {
      if (attempt >= retries) throw error;
    }
  }
}

export async function benchCommandsAndFreshness(app: RunningApp, seconds: number, connections: number) {
  const open: string[] = [];
  for (let i = 0; i < 100; i++) {
    const { questionId } = await post(app, '/questions', raiseBody);
    await post(app, `/questions/${questionId}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    open.push(questionId);
  }
  const { questionId: probeQuestion } = await post(app, '/questions', raiseBody);
  await post(app, `/questions/${probeQuestion}/accept`, {
    forum: 'council',
    logic: 'process',
    responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
  });
  let n = 0;
  const projections = app.app.get(ProjectionsService);
  const freshness: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      // The probe's own question, which the load does not touch: a 409 from a race with the load would end the probe.
      const { position } = await post(app, `/questions/${probeQuestion}/inputs`, { organisationId: 'kil', content: `Sondens inspel ${n++}.` });
      const names = process.env.BENCH_FRESH ? process.env.BENCH_FRESH.split(',') : projections.names();
      // A wait longer than READ_YOUR_WRITES_TIMEOUT_MS answers 503 (a loaded machine): the probe waits again and counts the whole time.
      const { ms } = await timed(() => waitPatiently(projections, names, position, 10));
      freshness.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  // The load generator runs in its own process: in this one it would compete with the app for the event loop.
  const { result, cpu } = await cpuDuring(app, () => runLoadChild({ url: app.url, token: app.token, seconds, connections, open }));
  probing = false;
  await probe;
  return {
    cpu,
    requestsPerSecond: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: result.statusCodeStats,
    freshnessP50: round(percentile(freshness, 50), 1),
    freshnessP99: round(percentile(freshness, 99), 1),
    freshnessSamples: freshness.length,
  };
}

/**
 * (9) a form post to the next page drawn, under the HTTP commands section's
 * load (the same command mix, connections and duration, from its own
 * process): a party's input given through the question's web form
 * (`POST /web/questions/:id/act/input`, as a browser posts it, by a bearer
 * token so no CSRF cookie is needed), then the question's page the 303 sends
 * the browser to, fetched until its last byte. Each sample draws the form
 * first, untimed, for its form key and revision, as a person opens a form
 * before sending it; the probe's question is its own, so the revision is never
 * stale.
 */
export async function benchFormPosts(app: RunningApp, seconds: number, connections: number) {
  const open: string[] = [];
  const accept = {
    forum: 'council',
    logic: 'process',
    responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
  };
  for (let i = 0; i < 100; i++) {
    const { questionId } = await post(app, '/questions', raiseBody);
    await post(app, `/questions/${questionId}/accept`, accept);
    open.push(questionId);
  }
  const { questionId: formQuestion } = await post(app, '/questions', raiseBody);
  await post(app, `/questions/${formQuestion}/accept`, accept);
  const html = { Authorization: `Bearer ${app.token}`, Accept: 'text/html' };
  const formPath = `/web/questions/${formQuestion}/act/input`;
  const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
  /** One form post and the page it leads to; `ms` from sending the post to the page's last byte. */
  const sample = async (n: number) => {
    const form = await (await fetch(app.url + formPath, { headers: html })).text();
    const body = new URLSearchParams({
      _formKey: hidden(form, '_formKey'),
      _revision: hidden(form, '_revision'),
      organisationId: 'kil',
      content: `Inspel genom formuläret ${n}.`,
    });
    let redirected = 0;
    const whole = await timed(async () => {
      const posted = await fetch(app.url + formPath, {
        method: 'POST',
        headers: { ...html, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      await posted.arrayBuffer();
      redirected = performance.now();
      const location = posted.headers.get('location');
      if (posted.status !== 303 || !location) throw new Error(`the form answered ${posted.status}, not a redirect`);
      const next = await fetch(app.url + location, { headers: html });
      await next.arrayBuffer();
      if (next.status !== 200) throw new Error(`the page after the form answered ${next.status}`);
    });
    // The two parts: the post to its 303 (the command and the wait for its read models), the page after it.
    const page = performance.now() - redirected;
    return { ms: whole.ms, post: whole.ms - page, page };
  };
  for (let i = 0; i < WARM_UP; i++) await sample(i);
  const times: number[] = [];
  const posts: number[] = [];
  const pages: number[] = [];
  let probing = true;
  const probe = (async () => {
    // The load generator's process takes a second or two to start sending: the samples begin once it does.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (let n = WARM_UP; probing; n++) {
      const { ms, post, page } = await sample(n);
      times.push(ms);
      posts.push(post);
      pages.push(page);
    }
  })();
  // The load generator runs in its own process, as in the commands section.
  const { result, cpu } = await cpuDuring(app, () => runLoadChild({ url: app.url, token: app.token, seconds, connections, open }));
  probing = false;
  await probe;
  return {
    cpu,
    samples: times.length,
    p50: round(percentile(times, 50), 1),
    p99: round(percentile(times, 99), 1),
    post: { p50: round(percentile(posts, 50), 1), p99: round(percentile(posts, 99), 1) },
    page: { p50: round(percentile(pages, 50), 1), p99: round(percentile(pages, 99), 1) },
    loadRequestsPerSecond: round(result.requests.average, 0),
    loadP50: result.latency.p50,
    loadP99: result.latency.p99,
    loadNon2xx: result.non2xx,
  };
}

/**
 * Requests sent to an endpoint before its timed samples. A deployed process
 * has served the path many times; the bench's is fresh, and its first requests
 * to a path run while V8 compiles it: on a fresh process the time-travel
 * request takes 12–34 ms for its first dozen samples and 3–6 ms after.
 */
const WARM_UP = 20;

/** (4) p50/p99 of the read endpoints chairs and organisations open, over HTTP. */
export async function benchQueries(app: RunningApp, samples: number) {
  const list = (await (await fetch(`${app.url}/questions?limit=1`, { headers: json(app.token) })).json()) as {
    items: Array<{ id?: string; questionId?: string }>;
    total: number;
  };
  const questionId = list.items[0]?.id ?? list.items[0]?.questionId;
  const endpoints: Record<string, string> = {
    'outstanding log (GET /log)': '/log?limit=50',
    'outstanding log, overdue for Karlstad': '/log?organisation=karlstad&overdue=true&limit=50',
    'follow-up (GET /organisations/karlstad/follow-up)': '/organisations/karlstad/follow-up',
    '17-organisation matrix (GET /follow-up)': '/follow-up',
    'timeline (GET /questions/:id/timeline)': `/questions/${questionId}/timeline`,
  };
  const figures: Record<string, { p50: number; p99: number; status: number }> = {};
  for (const [label, path] of Object.entries(endpoints)) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < WARM_UP + samples; i++) {
      const { ms, result } = await timed(async () => {
        const response = await fetch(app.url + path, { headers: json(app.token) });
        await response.arrayBuffer();
        return response.status;
      });
      status = result;
      if (i >= WARM_UP) times.push(ms);
    }
    figures[label] = { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1), status };
  }
  return { questions: list.total, figures };
}

/** (5) fold a question with ~1,000 events to a past date, over HTTP. */
export async function benchTimeTravel(app: RunningApp, samples: number) {
  const store = app.app.get<EventStore>(EVENT_STORE);
  const { questionId, events } = questionHistory(424242, 990);
  let position = '';
  for (let i = 0; i < events.length; i += 100) {
    position = formatPosition((await store.appendToStream(`question-${questionId}`, events.slice(i, i + 100), i === 0 ? 'no_stream' : i - 1)).position);
  }
  // As in use: the question's snapshots (kept by question-snapshots) are there before anyone looks back, and the
  // other projections have applied the 990 events too, so the samples time the fold, not the runners' catch-up beside it.
  const projections = app.app.get(ProjectionsService);
  await waitPatiently(projections, projections.names(), position, 30);
  const asOf = events[Math.floor(events.length * 0.6)].metadata.occurredAt;
  const sample = async () => {
    const { ms, result } = await timed(async () => {
      const response = await fetch(`${app.url}/questions/${questionId}?asOf=${encodeURIComponent(asOf)}`, { headers: json(app.token) });
      await response.arrayBuffer();
      return response.status;
    });
    if (result !== 200) throw new Error(`time travel answered ${result}`);
    return ms;
  };
  for (let i = 0; i < WARM_UP; i++) await sample();
  // The app and this client share the process: its collections during the samples are both's.
  const {
    result: times,
    scavenges,
    markCompacts,
  } = await collectionsDuring(async () => {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await sample());
    return times;
  });
  return { events: events.length, p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1), scavenges, markCompacts };
}

/**
 * (7) GET /organisations/:id/follow-up?asOf= over HTTP: the 17 organisations in
 * turn, at dates from before the first generated event to after the last (the
 * generated questions' events fall between 2025-01-01 and the end of March
 * 2025), every third one an instant within the day (which also reads that
 * day's changes), so that each sample asks for another organisation and
 * another point in time.
 */
export async function benchFollowUpAsOf(app: RunningApp, samples: number) {
  const first = Date.parse('2024-12-30T00:00:00Z');
  const days = 130;
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + samples; i++) {
    const organisation = ORGANISATION_IDS[i % ORGANISATION_IDS.length];
    const day = new Date(first + ((i * 7) % days) * 86_400_000).toISOString().slice(0, 10);
    const asOf = i % 3 === 2 ? `${day}T10:${String(i % 60).padStart(2, '0')}:00%2B01:00` : day;
    const { ms, result } = await timed(async () => {
      const response = await fetch(`${app.url}/organisations/${organisation}/follow-up?asOf=${asOf}`, { headers: json(app.token) });
      await response.arrayBuffer();
      return response.status;
    });
    if (result !== 200) throw new Error(`follow-up as of ${asOf} answered ${result}`);
    if (i >= WARM_UP) times.push(ms);
  }
  return { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1), samples };
}

/**
 * (7b) The follow-up grid at a past point over HTTP: `GET /follow-up?asOf=`
 * (as recorded by) and `?inEffectOn=` (as in effect on) in turn, at days from
 * before the first generated event to after the last, every third as of an
 * instant within the day; each sample another point. Fewer samples than the
 * other reads: the grid at a point groups every member decision in force then.
 */
export async function benchGridAsOf(app: RunningApp, samples: number) {
  const first = Date.parse('2024-12-30T00:00:00Z');
  const days = 130;
  const times: number[] = [];
  let questions = 0;
  for (let i = 0; i < WARM_UP + samples; i++) {
    const day = new Date(first + ((i * 7) % days) * 86_400_000).toISOString().slice(0, 10);
    const point = i % 2 === 1 ? `inEffectOn=${day}` : i % 3 === 2 ? `asOf=${day}T10:${String(i % 60).padStart(2, '0')}:00%2B01:00` : `asOf=${day}`;
    const { ms, result } = await timed(async () => {
      const response = await fetch(`${app.url}/follow-up?${point}`, { headers: json(app.token) });
      const body = (await response.json()) as { total?: number };
      questions = Math.max(questions, body.total ?? 0);
      return response.status;
    });
    if (result !== 200) throw new Error(`the grid at ${point} answered ${result}`);
    if (i >= WARM_UP) times.push(ms);
  }
  return { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1), samples, questions };
}

/**
 * The floor under every figure of a run: p50/p99 of `GET /health/live`, which
 * reads nothing, over the same HTTP path. On this shared 2-core VM the floor
 * moves with the other sessions' load (docs/performance.md, "A quiet
 * machine"); a page's figure
 * less the floor is what the page itself costs.
 */
export async function benchFloor(app: RunningApp, samples: number) {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + samples; i++) {
    const { ms } = await timed(async () => {
      const response = await fetch(`${app.url}/health/live`);
      await response.arrayBuffer();
    });
    if (i >= WARM_UP) times.push(ms);
  }
  return { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1) };
}

/**
 * (8) the web pages' server time: p50/p99 of the log, the follow-up grid, an
 * organisation's page and a question's page over HTTP on loopback (so the
 * figure is the server's time plus a loopback round trip), rendered to HTML
 * from the same query services the API uses.
 */
export async function benchWebPages(app: RunningApp, samples: number) {
  const headers = { Authorization: `Bearer ${app.token}`, Accept: 'text/html' };
  const list = (await (await fetch(`${app.url}/log?limit=1`, { headers: json(app.token) })).json()) as { items: Array<{ id: string }>; total: number };
  const pages: Record<string, string> = {
    'log page (/web/log)': '/web/log',
    'log page, overdue for Karlstad': '/web/log?organisation=karlstad&overdue=true',
    'follow-up grid (/web/follow-up)': '/web/follow-up',
    'organisation page (/web/organisations/karlstad)': '/web/organisations/karlstad',
    'question page (/web/questions/:id)': `/web/questions/${list.items[0]?.id}`,
  };
  const figures: Record<string, { p50: number; p99: number; status: number }> = {};
  for (const [label, path] of Object.entries(pages)) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < WARM_UP + samples; i++) {
      const { ms, result } = await timed(async () => {
        const response = await fetch(app.url + path, { headers });
        await response.arrayBuffer();
        return response.status;
      });
      status = result;
      if (i >= WARM_UP) times.push(ms);
    }
    figures[label] = { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1), status };
  }
  return { questions: list.total, figures };
}

/**
 * (10) the annual report on the structure, GET /reports/structure/:year: it
 * reads the whole stored log (the register's, the meetings' and the
 * questions' events) for every request, so its time grows with the log
 * (docs/structure.md). `samples` requests after two untimed ones; p50, p99
 * (with few samples the slowest) and the process's RSS after.
 */
export async function benchStructureReport(app: RunningApp, samples: number, year = 2025) {
  const head = await app.app.get<EventStore>(EVENT_STORE).headPosition();
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < 2 + samples; i++) {
    const { ms, result } = await timed(async () => {
      const response = await fetch(`${app.url}/reports/structure/${year}`, { headers: json(app.token) });
      const body = await response.arrayBuffer();
      return { status: response.status, bytes: body.byteLength };
    });
    status = result.status;
    bytes = result.bytes;
    if (i >= 2) times.push(ms);
  }
  return {
    year,
    logHead: head ? formatPosition(head) : '',
    samples,
    p50: round(percentile(times, 50), 1),
    p99: round(percentile(times, 99), 1),
    status,
    bytes,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}
