/**
 * `npm run demo` — loads a year of Samverkan Värmland (demo-year.ts) into a
 * RUNNING instance through its command API, as people would enter it, so that
 * /log, /follow-up and the timelines show a living structure.
 *
 *   npm start                      # in one terminal (or docker compose up)
 *   npm run demo                   # in another; DEMO_URL=http://host:port for another instance
 *
 * Tokens are minted with the app's own TokenVerifier from the same
 * configuration (AUTH_JWT_SECRET, or the secret generated under DATA_DIR), so
 * this works in local token mode only. Running it again changes nothing: every
 * command carries an Idempotency-Key and the API answers repeats from its store.
 */
import { TokenVerifier } from '../auth/token-verifier';
import { ConfigError, loadConfig } from '../config/app-config';
import type { Actor } from '../event-store/event-store.port';
import { DEMO_ACTORS, DemoTransport, loadDemoYear } from './demo-year';
import { FORUM_IDS } from '../reference-data/forums';

class DemoError extends Error {}

function httpTransport(baseUrl: string, verifier: TokenVerifier): DemoTransport {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (actor: Actor) => {
    let token = tokens.get(actor.userId);
    if (!token) {
      token = verifier.mint(
        {
          userId: actor.userId,
          displayName: actor.displayName,
          organisationId: actor.organisationId,
          roles: [actor.role],
          ...(actor.role === 'secretary' ? { forums: [...FORUM_IDS] } : {}),
        },
        '2h',
      );
      tokens.set(actor.userId, token);
    }
    return token;
  };

  async function request(actor: Actor, method: 'GET' | 'POST', path: string, body?: object, idempotencyKey?: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${await tokenFor(actor)}`,
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/json' } : {}),
            ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
      } catch (error) {
        throw new DemoError(`Cannot reach Frågespår at ${baseUrl} (${(error as Error).message}). Start it first (npm start), or set DEMO_URL.`);
      }
      // Rate limited, or a retry while the first attempt is still being processed: wait and try again.
      if ((response.status === 429 || response.status === 409 || response.status === 503) && attempt < 10) {
        const seconds = Number(response.headers.get('retry-after')) || attempt;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      const text = await response.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if (!response.ok) {
        const problem = parsed as { title?: string; detail?: string } | undefined;
        throw new DemoError(
          `${method} ${path} as ${actor.displayName} (${actor.role}): ${response.status} ${problem?.title ?? ''} — ${problem?.detail ?? text}`,
        );
      }
      return parsed;
    }
  }

  return {
    post: <Answer extends object>(actor: Actor, key: string, path: string, body: object) => request(actor, 'POST', path, body, key) as Promise<Answer>,
    get: (actor, path) => request(actor, 'GET', path),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.auth.jwksUrl) {
    throw new DemoError('AUTH_JWKS_URL is set: the demo mints its own tokens and works in local token mode only.');
  }
  const verifier = TokenVerifier.create(config);
  const api = httpTransport(config.demo.url, verifier);
  process.stdout.write(`Loading a year of Samverkan Värmland into ${config.demo.url} …\n`);
  const result = await loadDemoYear(api, (line) => process.stdout.write(`${line}\n`));

  const chair = DEMO_ACTORS.chair;
  const log = (await api.get(chair, `/log?afterPosition=${result.lastPosition}&limit=500`)) as {
    total: number;
    items: Array<{ overdue: boolean; openItems: Array<{ overdue: boolean }> }>;
  };
  const overdueItems = log.items.reduce((sum, item) => sum + item.openItems.filter((open) => open.overdue).length, 0);
  const token = await verifier.mint({ userId: chair.userId, displayName: chair.displayName, organisationId: chair.organisationId, roles: [chair.role] }, '8h');
  const url = config.demo.url;
  process.stdout.write(
    [
      '',
      `Done: ${Object.keys(result.questions).length} questions, ${Object.keys(result.meetings).length} meetings, ${Object.keys(result.assignments).length} assignments and the annual wheel ${result.wheelYear}; ${result.commands} commands (dates counted from ${result.anchor}).`,
      `The outstanding log has ${log.total} open questions and ${overdueItems} overdue items.`,
      '',
      `Look around as ${chair.displayName}, chair (token valid 8 hours):`,
      `  export TOKEN=${token}`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/log`,
      `  curl -s -H "Authorization: Bearer $TOKEN" "${url}/log?overdue=true"`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/follow-up`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/organisations/hagfors/follow-up`,
      `  curl -s -H "Authorization: Bearer $TOKEN" "${url}/questions?q=strandskydd"`,
      `  curl -s -H "Authorization: Bearer $TOKEN" -H "Accept-Language: en" ${url}/questions/${result.questions.strandskydd}/timeline`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/meetings`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/assignments`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${url}/annual-wheel/${result.wheelYear}`,
      `  curl -s -H "Authorization: Bearer $TOKEN" -H "Accept: text/html" ${url}/questions/${result.questions['civilt-forsvar']}/dossier > akt.html`,
      `Without a token: the minutes ${url}/public/meetings/${result.meetings.council}/minutes?format=html,`,
      `  the calendar ${url}/public/forums/council/meetings.ics, the public pages ${url}/web/public.`,
      `Or open ${url}/docs and paste the token under Authorize, or sign in at ${url}/web.`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof DemoError || error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exitCode = 1;
});
