import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokenVerifier } from '../../src/auth/token-verifier';
import type { DemoTransport } from '../../src/demo/demo-year';
import type { Actor } from '../../src/event-store/event-store.port';
import { FORUM_IDS } from '../../src/reference-data/forums';

/**
 * The application the demo year is sent to: a TestApp, or `{ app }` of one
 * started with createApp (read at each request, so a suite that restarts its
 * application can hand a getter).
 */
export interface DemoTarget {
  readonly app: INestApplication;
}

/** A token for a demo actor, minted by the test app (a secretary serves every forum). */
export function demoToken(t: DemoTarget, actor: Actor): Promise<string> {
  return t.app.get(TokenVerifier).mint({
    userId: actor.userId,
    displayName: actor.displayName,
    organisationId: actor.organisationId,
    roles: [actor.role],
    ...(actor.role === 'secretary' ? { forums: [...FORUM_IDS] } : {}),
  });
}

/**
 * The demo year's commands sent to the test app over HTTP, as `npm run demo`
 * sends them (load-demo.ts): a command answered 503 — a read model it waits
 * for still catching up, under a loaded machine — is sent again with the same
 * key, a little later each time; a refusal, or a read that does not answer
 * 200, fails the test.
 */
export function demoOverHttp(t: DemoTarget): DemoTransport {
  const send = async (actor: Actor, key: string, path: string, body: unknown) =>
    request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${await demoToken(t, actor)}`)
      .set('Idempotency-Key', key)
      .send(body as object);
  return {
    post: async (actor, key, path, body) => {
      let response = await send(actor, key, path, body);
      for (let attempt = 1; response.status === 503 && attempt < 10; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, attempt * 500));
        response = await send(actor, key, path, body);
      }
      if (response.status >= 300) throw new Error(`${path} as ${actor.role}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
    get: async (actor, path) => {
      const response = await request(t.app.getHttpServer())
        .get(path)
        .set('Authorization', `Bearer ${await demoToken(t, actor)}`);
      if (response.status !== 200) throw new Error(`${path} as ${actor.role}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
  };
}
