import { TestApp, startTestApp } from '../support/test-app';

/** Log lines written by the app, as an operator's log collector receives them. */
class CollectedLines {
  readonly lines: Array<Record<string, unknown>> = [];
  write(chunk: string) {
    for (const line of chunk.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  requests() {
    return this.lines.filter((line) => line.msg === 'request');
  }
}

describe('Observability: request lines, correlation ids, /metrics, /health', () => {
  let t: TestApp;
  const log = new CollectedLines();
  let chair: string;

  beforeAll(async () => {
    t = await startTestApp({ logDestination: log, logLevels: ['log', 'warn', 'error'] });
    chair = await t.token('chair', 'region-varmland', 'chair.person');
  }, 120_000);
  afterAll(() => t?.close());

  const raise = (headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/questions')
      .set('Authorization', `Bearer ${chair}`)
      .set(headers)
      .send({ title: 'Utvidgat strandskydd', description: 'Länsstyrelsens förslag', raisedBy: { kind: 'organisation', id: 'arvika' }, topicArea: 'Miljö' });

  it('writes one JSON line per request: method, route, status, duration, user, role, organisation, correlation id', async () => {
    const response = await raise({ 'X-Request-Id': 'req-4711' }).expect(201);
    expect(response.headers['x-request-id']).toBe('req-4711');
    expect(response.headers['x-correlation-id']).toBe('req-4711');

    const lines = log.requests().filter((line) => line.correlationId === 'req-4711');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'fragespar',
      method: 'POST',
      route: '/questions',
      status: 201,
      user: 'chair.person',
      role: 'chair',
      organisation: 'region-varmland',
    });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('stores the request’s correlation id in the events’ metadata (X-Correlation-Id as well as X-Request-Id)', async () => {
    const { questionId } = (await raise({ 'X-Correlation-Id': 'corr-0815' }).expect(201)).body as { questionId: string };
    const auditor = await t.token('auditor');
    const history = await t.http().get(`/questions/${questionId}/history`).set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(history.body.items[0].metadata.correlationId).toBe('corr-0815');
  });

  it('makes an id when none (or an unusable one) is sent, echoes it on every response, errors and unknown routes included', async () => {
    const anonymous = await t.http().get('/questions').expect(401);
    const made = anonymous.headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(anonymous.headers['x-correlation-id']).toBe(made);
    const refused = log.requests().find((line) => line.correlationId === made);
    expect(refused).toMatchObject({ method: 'GET', route: '/questions', status: 401 });
    expect(refused).not.toHaveProperty('user');

    const forged = await t.http().get('/nowhere').set('X-Request-Id', 'a b\tc').expect(404);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.requests().find((line) => line.correlationId === forged.headers['x-request-id'])).toMatchObject({ route: '(unmatched)', status: 404 });
  });

  it('serves Prometheus metrics: process defaults, requests by route and status, commands by type and outcome, appends, projections, outbox, idempotency keys', async () => {
    await raise({ 'Idempotency-Key': 'metrics-1' }).expect(201);
    await t.http().post('/questions/00000000-0000-4000-8000-000000000000/withdraw').set('Authorization', `Bearer ${chair}`).send({ reason: 'x' });

    const response = await t.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.text;
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/questions",status="201"\} [1-9]/m);
    expect(text).toMatch(/^fragespar_commands_total\{type="RaiseQuestion",outcome="accepted"\} [1-9]/m);
    expect(text).toMatch(/^fragespar_commands_total\{type="WithdrawQuestion",outcome="not-found"\} 1$/m);
    expect(text).toMatch(/^fragespar_event_store_append_duration_seconds_count\{outcome="ok"\} [1-9]/m);
    for (const projection of ['question-views', 'follow-up', 'outstanding-log', 'question-snapshots', 'assignments', 'meetings']) {
      expect(text).toMatch(new RegExp(`^fragespar_projection_lag_events\\{projection="${projection}"\\} \\d+$`, 'm'));
      expect(text).toMatch(new RegExp(`^fragespar_projection_lag_seconds\\{projection="${projection}"\\} [\\d.]+$`, 'm'));
      expect(text).toContain(`fragespar_projection_status{projection="${projection}",status="running"} 1`);
      expect(text).toContain(`fragespar_projection_status{projection="${projection}",status="failed"} 0`);
    }
    for (const outbox of ['reminders', 'registrars']) {
      for (const state of ['pending', 'sending', 'failed']) expect(text).toContain(`fragespar_outbox_notifications{outbox="${outbox}",state="${state}"} 0`);
    }
    expect(text).toMatch(/^fragespar_idempotency_keys [1-9]/m);

    // Prometheus naming: counters end in _total, every metric has HELP and TYPE.
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.filter(({ name, type }) => type === 'counter' && !name.endsWith('_total'))).toEqual([]);
    for (const { name } of types) expect(text).toContain(`# HELP ${name} `);
  });

  it('/health/live and /health/ready answer; no health answer names a connection string, user or folder', async () => {
    expect((await t.http().get('/health/live').expect(200)).body).toEqual({ status: 'up' });
    expect((await t.http().get('/health/ready').expect(200)).body).toEqual({ ready: true, notReady: [] });
    const health = await t.http().get('/health').expect(200);
    const text = JSON.stringify(health.body);
    expect(text).not.toContain(t.database.settings.dataDir);
    if (t.database.settings.databaseUrl) {
      const url = new URL(t.database.settings.databaseUrl);
      expect(text).not.toContain(url.host);
      expect(text).not.toContain(url.pathname.slice(1));
      // The user name may be "postgres", like the adapter's name: what must not show is the URL's user part.
      expect(text).not.toContain(`${url.username}@`);
    }
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
  });
});
