import { TokenVerifier } from '../../src/auth/token-verifier';
import type { DemoTransport } from '../../src/demo/demo-year';
import type { Actor } from '../../src/event-store/event-store.port';
import { FORUM_IDS } from '../../src/reference-data/forums';
import type { TestApp } from './test-app';

/** A token for a demo actor, minted by the test app (a secretary serves every forum). */
export function demoToken(t: TestApp, actor: Actor): Promise<string> {
  return t.app.get(TokenVerifier).mint({
    userId: actor.userId,
    displayName: actor.displayName,
    organisationId: actor.organisationId,
    roles: [actor.role],
    ...(actor.role === 'secretary' ? { forums: [...FORUM_IDS] } : {}),
  });
}

/** The demo year's commands sent to the test app over HTTP, as `npm run demo` sends them; a refusal fails the test. */
export function demoOverHttp(t: TestApp): DemoTransport {
  return {
    post: async (actor, key, path, body) => {
      const response = await t
        .http()
        .post(path)
        .set('Authorization', `Bearer ${await demoToken(t, actor)}`)
        .set('Idempotency-Key', key)
        .send(body);
      if (response.status >= 300) throw new Error(`${path} as ${actor.role}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
    get: async (actor, path) =>
      (
        await t
          .http()
          .get(path)
          .set('Authorization', `Bearer ${await demoToken(t, actor)}`)
      ).body,
  };
}
