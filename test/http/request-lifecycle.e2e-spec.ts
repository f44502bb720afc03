import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import type { Express } from 'express';
import { DataSource } from 'typeorm';
import { IdempotencyInterceptor } from '../../src/http/idempotency/idempotency.interceptor';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { ProjectionsService } from '../../src/projections/projections.service';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * How a request passes through the app, where that decides what a finished
 * request leaves behind in V8's young generation (src/http/express-adapter.ts,
 * src/http/idempotency/idempotency.interceptor.ts (`IdempotentPost`), docs/performance.md).
 */
describe('The request lifecycle', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Every route handler of every controller: its path, HTTP method and interceptors. */
  function routes() {
    const found: Array<{ route: string; path: string; method: RequestMethod; interceptors: unknown[] }> = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method === undefined) continue;
          found.push({
            route: `${metatype.name}.${name}`,
            path: String(Reflect.getMetadata(PATH_METADATA, metatype)),
            method,
            interceptors: Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [],
          });
        }
      }
    }
    return found;
  }

  it('every POST route of the API honours Idempotency-Key, and no other route runs an interceptor', () => {
    const all = routes();
    // The web pages' form posts (under /web) carry a CSRF token instead: a browser sends no Idempotency-Key.
    // The import's upload is idempotent by its file: each row's command id derives from its stable key (docs/import.md).
    const byContent = ['ImportController.upload'];
    const posts = all.filter((route) => route.method === RequestMethod.POST && !/^\/?web(\/|$)/.test(route.path) && !byContent.includes(route.route));
    expect(posts.length).toBeGreaterThan(30);
    expect(posts.filter((route) => !route.interceptors.includes(IdempotencyInterceptor)).map((route) => route.route)).toEqual([]);
    expect(all.filter((route) => route.method !== RequestMethod.POST && route.interceptors.length > 0).map((route) => route.route)).toEqual([]);
    const config = t.app.get(ApplicationConfig);
    expect([...config.getGlobalInterceptors(), ...config.getGlobalRequestInterceptors()]).toEqual([]);
  });

  it('a retried POST outside the questions slice is answered once too', async () => {
    const token = await t.token('secretary', 'region-varmland', 'secretary-region-varmland', ['chairs-council', 'council']);
    const meeting = {
      forum: 'chairs-council',
      title: 'Ordföranderådet december',
      startsAt: '2026-12-10T09:00:00+01:00',
      agendaDeadline: '2026-11-26T16:00:00+01:00',
      place: 'Regionens hus, Karlstad',
    };
    const first = await t.http().post('/meetings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'plan-december').send(meeting);
    expect(first.status).toBe(201);
    const retry = await t.http().post('/meetings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'plan-december').send(meeting);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it("the HTTP server makes each request and response with Express's prototypes, so Express need not swap them", async () => {
    const express = t.app.getHttpAdapter().getInstance() as Express;
    const server = t.app.getHttpServer() as import('node:http').Server;
    const seen: Array<[object | null, object | null]> = [];
    const onRequest = (request: IncomingMessage, response: ServerResponse) => seen.push([Object.getPrototypeOf(request), Object.getPrototypeOf(response)]);
    server.prependListener('request', onRequest);
    try {
      await t.http().get('/health').expect(200);
    } finally {
      server.off('request', onRequest);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBe(express.request);
    expect(seen[0][1]).toBe(express.response);
  });

  it("/health shows every projection's checkpoint as stored, and no lag once it has caught up", async () => {
    const token = await t.token('secretary', 'region-varmland', 'secretary-region-varmland', ['chairs-council', 'council']);
    const planned = await t
      .http()
      .post('/meetings')
      .set('Authorization', `Bearer ${token}`)
      .send({
        forum: 'council',
        title: 'Värmlandsrådet januari',
        startsAt: '2027-01-14T09:00:00+01:00',
        agendaDeadline: '2026-12-31T16:00:00+01:00',
        place: 'Karlstad',
      })
      .expect(201);
    await t.app.get(ProjectionsService).waitFor(['meetings'], planned.body.position);
    // Projections other than `meetings` may still move (a batch gathered, a deferred advance written), so /health and the stored rows are read as a pair until they agree: a pair read while one moved in between differs without either being wrong.
    const readPair = async () => {
      const health = await t.http().get('/health').expect(200);
      const stored: Array<{ name: string; position: string; events_applied: string }> = await t.app
        .get(DataSource)
        .query(
          `SELECT name, position_commit || '.' || position_prepare AS position, events_applied::text AS events_applied FROM projection_checkpoints WHERE name NOT LIKE '%#rebuild' AND name NOT LIKE 'reaction:%'`,
        );
      return { health, stored };
    };
    const agree = ({ health, stored }: Awaited<ReturnType<typeof readPair>>) =>
      stored.every((row) => {
        const shown = (health.body.projections as Array<{ name: string; position: string; eventsApplied: number }>).find(
          (projection) => projection.name === row.name,
        );
        return shown?.position === row.position && shown.eventsApplied === Number(row.events_applied);
      });
    let pair = await readPair();
    for (const deadline = Date.now() + 10_000; !agree(pair) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      pair = await readPair();
    }
    const { health, stored } = pair;
    // Reactions keep their checkpoints in the same table and are shown apart, under `reactions`.
    const reactionRows: Array<{ name: string }> = await t.app.get(DataSource).query(`SELECT name FROM projection_checkpoints WHERE name LIKE 'reaction:%'`);
    expect((health.body.reactions as Array<{ name: string }>).map((reaction) => reaction.name).sort()).toEqual(reactionRows.map((row) => row.name).sort());
    const shown = health.body.projections as Array<{ name: string; status: string; position: string; eventsApplied: number; eventsBehind: number }>;
    expect(shown.map((projection) => projection.name).sort()).toEqual(stored.map((row) => row.name).sort());
    for (const row of stored) {
      expect(shown.find((projection) => projection.name === row.name)).toMatchObject({
        status: 'running',
        position: row.position,
        eventsApplied: Number(row.events_applied),
      });
    }
    const meetings = shown.find((projection) => projection.name === 'meetings')!;
    expect(meetings.eventsApplied).toBeGreaterThan(0);
    expect(meetings.eventsBehind).toBe(0);
  });

  it('/health shows a rebuild stopped on a failing event as a failed projection, naming the event and the error', async () => {
    const manager = t.app.get(DataSource).manager;
    // As the runner records a rebuild's failing event: on the rebuild's own checkpoint row.
    await checkpoints.reset(manager, 'meetings#rebuild');
    await checkpoints.markFailed(manager, 'meetings#rebuild', 'e6c1d7a2-0000-4000-8000-000000000001', 'cannot digest MeetingPlanned');
    try {
      const health = await t.http().get('/health').expect(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.projections.find((projection: { name: string }) => projection.name === 'meetings')).toMatchObject({
        status: 'failed',
        failedEventId: 'e6c1d7a2-0000-4000-8000-000000000001',
        lastError: 'cannot digest MeetingPlanned',
        rebuild: { eventsApplied: 0 },
      });
    } finally {
      await manager.query(`DELETE FROM projection_checkpoints WHERE name = 'meetings#rebuild'`);
    }
  });
});
