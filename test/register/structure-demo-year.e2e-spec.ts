import { DEMO_ACTORS, DemoResult, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { demoOverHttp } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';

interface Structure {
  loaded: boolean;
  organisations: Array<{ id: string; registrars: Array<{ name: string }> }>;
  forums: Array<{ id: string; nameSv: string; people: Array<{ name: string; role: string }> }>;
}

/**
 * The structure on the demo year: the demo loads Värmland's structure file and
 * its people through the register's routes, then its whole year — every
 * position names member organisations, every assignment goes to a member of
 * the working group, so the register's rules refuse nothing of it — and the
 * structure reads back as of today and as of 2021. A second run appends nothing
 * to the register.
 */
describe('the structure register on the demo year', () => {
  let t: TestApp;
  let api: DemoTransport;
  let demo: DemoResult;
  let store: EventStore;
  const structure = async (asOf?: string) =>
    (await api.get(DEMO_ACTORS.chair, `/register?afterPosition=${demo.lastPosition}${asOf ? `&asOf=${asOf}` : ''}`)) as Structure;
  const people = (body: Structure, forumId: string) =>
    body.forums
      .find((forum) => forum.id === forumId)!
      .people.map((person) => `${person.name}: ${person.role}`)
      .sort();

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', OUTBOX_POLL_MS: '0' } });
    store = t.app.get(EVENT_STORE);
    api = demoOverHttp(t);
    demo = await loadDemoYear(api);
  }, 300_000);
  afterAll(() => t?.close());

  it('holds the 17 organisations, each with its registrar, and the forums with the demo’s people in their roles', async () => {
    const today = await structure();
    expect(today.loaded).toBe(true);
    expect(today.organisations).toHaveLength(17);
    expect(today.organisations.every((organisation) => organisation.registrars.length === 1)).toBe(true);
    expect(people(today, 'working-group')).toEqual(['Lars Öberg: member', 'Maria Nilsson: member']);
    expect(people(today, 'chairs-council')).toEqual(['Eva Lindgren: chair', 'Sofia Berg: secretary']);
    expect(today.forums.find((forum) => forum.id === 'chairs-council')!.nameSv).toBe('Ordföranderådet');
  });

  it('reads back as it stood in 2021: the chairs’ council under its old name, no topic forums, none of the demo’s people yet', async () => {
    const in2021 = await structure('2021-06-01');
    expect(in2021.organisations).toHaveLength(17);
    expect(in2021.forums.map((forum) => [forum.id, forum.nameSv])).toEqual([
      ['council', 'Värmlandsrådet'],
      ['chairs-council', 'Värmlandsrådets arbetsutskott (VRAU)'],
      ['working-group', 'Värmlandsrådets arbetsgrupp'],
      ['preparation-group', 'Beredningsgruppen'],
    ]);
    expect(in2021.forums.flatMap((forum) => forum.people)).toEqual([]);
  });

  it('the year’s assignments went to working-group members, and one to anybody else is refused now', async () => {
    const members = ['demo.arbetsgrupp', 'demo.kommundirektor'];
    for (const assignmentId of Object.values(demo.assignments)) {
      const assignment = (await api.get(DEMO_ACTORS.chair, `/assignments/${assignmentId}`)) as { responsible: { userId: string } };
      expect(members).toContain(assignment.responsible.userId);
    }
    await expect(
      api.post(DEMO_ACTORS.chair, 'structure-test:outsider', '/assignments', {
        givenBy: 'chairs-council',
        title: 'Underlag',
        purpose: 'Prov',
        deliverable: 'other',
        responsible: { userId: 'demo.sekreterare', name: 'Sofia Berg', organisationId: 'region-varmland' },
        dueDate: demo.anchor,
      }),
    ).rejects.toThrow(/422.*responsible-not-working-group-member/);
  });

  it('a second run of the demo appends nothing to the register', async () => {
    const before = (await store.readStream('register-structure')).length;
    await loadDemoYear(api);
    expect((await store.readStream('register-structure')).length).toBe(before);
  }, 300_000);
});
