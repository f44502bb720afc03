import { AccessDenied, Action, authorize } from '../../src/auth/access-policy';
import { ROLE_IDS } from '../../src/auth/roles';
import type { Actor } from '../../src/event-store/event-store.port';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { FixedClock } from '../../src/shared-kernel/clock';
import { assignmentForm } from '../../src/web/assignments/assignment-forms';
import { meetingForm } from '../../src/web/meetings/meeting-forms';
import { wheelForms } from '../../src/web/meetings/wheel-forms';
import { questionForm } from '../../src/web/questions/question-forms';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from './web-support';

const SIX = ['region-varmland', 'karlstad', 'kil', 'arvika', 'hammaro', 'forshaga'];
const WHEEL_YEAR = 2028;

/** A control on a page that gives a command: a link to a form, or a form that posts. */
interface Control {
  href: string;
  action: Action;
  /** The organisation the control is for (`?organisationId=` on a decision row), if it names one. */
  organisationId?: string;
}

/** The command a path under /web gives, read from the forms' own catalogues; undefined for a path that gives none. */
function commandOf(path: string): Action | undefined {
  const [pathname] = path.split('?');
  const creating: Record<string, Action> = {
    '/web/questions/new': 'RaiseQuestion',
    '/web/meetings/new': 'ScheduleMeeting',
    '/web/assignments/new': 'GiveAssignment',
  };
  if (creating[pathname]) return creating[pathname];
  const act = /^\/web\/(questions|meetings|assignments|annual-wheel)\/([^/]+)\/act\/([\w-]+)$/.exec(pathname);
  if (!act) return undefined;
  const [, slice, id, slug] = act;
  const form =
    slice === 'questions'
      ? questionForm(slug)
      : slice === 'meetings'
        ? meetingForm(slug)
        : slice === 'assignments'
          ? assignmentForm(slug)
          : wheelForms(Number(id)).find((candidate) => candidate.slug === slug);
  if (!form) throw new Error(`a control on the page leads to no form: ${path}`);
  return form.action;
}

/** Every control on a page that gives a command: links to forms and forms that post (sign-out aside). */
function controlsOn(page: string): Control[] {
  const paths = [...page.matchAll(/(?:href|action)="(\/web\/[^"#]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
  return paths.flatMap((href) => {
    const action = commandOf(href);
    if (!action) return [];
    const organisationId = new URLSearchParams(href.split('?')[1] ?? '').get('organisationId') ?? undefined;
    return [{ href, action, ...(organisationId ? { organisationId } : {}) }];
  });
}

function policyAllows(actor: Actor, action: Action, organisationId: string): boolean {
  try {
    authorize(actor, action, organisationId);
    return true;
  } catch (error) {
    if (error instanceof AccessDenied) return false;
    throw error;
  }
}

/**
 * The access policy draws the pages (docs/web.md "Forms"): every role,
 * signed in for each of the 17 organisations, opens every page that offers
 * forms — the start page, a question with a position naming six
 * organisations and a decision, the meetings, a meeting with a published
 * agenda, one with approved minutes, next year's proposed wheel, an
 * assignment, the organisation's own page — and finds no control (a link to a
 * form, a form that posts) whose command the ACCESS_POLICY forbids that role
 * and organisation. An organisation-scoped control is checked for the
 * organisation it is for: the row's, the assignment's responsible
 * organisation's, else the signed-in organisation's own. The assignment's and
 * the wheel's controls are also opened, for Kil (the assignment's) and Eda,
 * and each opens (200).
 */
describe('Role × organisation × page: no control the access policy forbids', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));
  const ids: { question: string; assignment: string; publishedMeeting: string; approvedMeeting: string } = {
    question: '',
    assignment: '',
    publishedMeeting: '',
    approvedMeeting: '',
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    const tokens = {
      admin: await t.token('admin'),
      workingGroup: await t.token('working-group'),
      chair: await t.token('chair'),
      secretary: await t.token('secretary', 'region-varmland', 'secretary-rv', ['council', 'chairs-council']),
      adjuster: await t.token('member', 'kil', 'local:kil:eva.ek'),
    };
    const api = async (token: string, path: string, body: object) => {
      const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as Record<string, unknown>;
    };

    ids.question = (
      await api(tokens.admin, '/questions', {
        title: 'Gemensam laddplan',
        description: 'Laddplatser i hela länet.',
        raisedBy: { kind: 'organisation', id: 'kil' },
        topicArea: 'Infrastruktur',
      })
    ).questionId as string;
    await api(tokens.admin, `/questions/${ids.question}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await api(tokens.admin, `/questions/${ids.question}/decision-documents`, { reference: 'VRAU 2027/3', title: 'Underlag', proposedPosition: 'Ja.' });
    await api(tokens.chair, `/questions/${ids.question}/position`, { text: 'Ja till laddplanen.', organisationsToDecide: SIX, decideBy: '2027-06-30' });
    await api(tokens.admin, `/questions/${ids.question}/decisions`, {
      organisationId: 'karlstad',
      body: 'municipal-council',
      decidedOn: '2027-01-20',
      outcome: 'adopted',
      reference: 'KF 2027-01-20 § 5',
    });
    ids.assignment = (
      await api(tokens.workingGroup, '/assignments', {
        givenBy: 'working-group',
        title: 'Uppföljning av laddplanen',
        purpose: 'Följa upp besluten.',
        deliverable: 'other',
        questionIds: [ids.question],
        responsible: { userId: 'local:kil:kim.kil', name: 'Kim Kil', organisationId: 'kil' },
        dueDate: '2027-05-31',
      })
    ).assignmentId as string;

    const meeting = async (forum: string, startsAt: string, agendaDeadline: string) => {
      const meetingId = (await api(tokens.secretary, '/meetings', { forum, startsAt, agendaDeadline, place: 'Karlstad' })).meetingId as string;
      await api(tokens.chair, `/meetings/${meetingId}/agenda`, { items: [{ title: 'Laddplanen', kind: 'dialogue', logic: 'process', documents: [] }] });
      await api(tokens.secretary, `/meetings/${meetingId}/agenda/publish`, {});
      return meetingId;
    };
    ids.publishedMeeting = await meeting('council', '2027-03-12T09:30:00+01:00', '2027-02-26T16:00:00+01:00');
    ids.approvedMeeting = await meeting('chairs-council', '2027-02-10T09:00:00+01:00', '2027-02-05T16:00:00+01:00');
    clock.set('2027-02-10T12:00:00Z');
    await api(tokens.secretary, `/meetings/${ids.approvedMeeting}/attendance`, { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Eva Ek' }] });
    await api(tokens.secretary, `/meetings/${ids.approvedMeeting}/minutes`, {
      adjusters: [{ userId: 'local:kil:eva.ek', name: 'Eva Ek', organisationId: 'kil' }],
    });
    await api(tokens.adjuster, `/meetings/${ids.approvedMeeting}/minutes/approve`, {});

    await api(tokens.workingGroup, `/annual-wheel/${WHEEL_YEAR}/proposal`, {
      meetings: [{ forum: 'chairs-council', startsAt: '2028-02-10T09:00:00+01:00', agendaDeadline: '2028-01-27T16:00:00+01:00', place: 'Karlstad' }],
      themes: [],
    });
  }, 300_000);
  afterAll(() => t?.close());

  it('walks every role and organisation over every page that offers forms', async () => {
    const pages = (organisationId: string) => [
      '/web',
      `/web/questions/${ids.question}`,
      '/web/meetings',
      `/web/meetings/${ids.publishedMeeting}`,
      `/web/meetings/${ids.approvedMeeting}`,
      `/web/annual-wheel?year=${WHEEL_YEAR}`,
      `/web/assignments/${ids.assignment}`,
      `/web/organisations/${organisationId}`,
    ];
    const forbidden: string[] = [];
    const seen = new Set<Action>();
    for (const role of ROLE_IDS) {
      for (const organisationId of ORGANISATION_IDS) {
        const agent = browser(t);
        await signIn(agent, role, organisationId, 'Walk Walker');
        const actor: Actor = { userId: `local:${organisationId}:walk.walker`, displayName: 'Walk Walker', role, organisationId };
        for (const path of pages(organisationId)) {
          const response = await agent.get(path);
          expect({ role, organisationId, path, status: [200, 403].includes(response.status) }).toEqual({ role, organisationId, path, status: true });
          if (response.status !== 200) continue;
          const onAssignment = path.startsWith('/web/assignments/');
          for (const control of controlsOn(response.text)) {
            seen.add(control.action);
            // The assignment's commands are done for its responsible person's organisation (Kil).
            const forOrganisation = control.organisationId ?? (onAssignment ? 'kil' : organisationId);
            if (!policyAllows(actor, control.action, forOrganisation)) forbidden.push(`${role}/${organisationId} ${path}: ${control.href} (${control.action})`);
            // Opened for the responsible organisation and one other: the rest only repeat them.
            if ((onAssignment || path.startsWith('/web/annual-wheel')) && ['kil', 'eda'].includes(organisationId)) {
              const opened = await agent.get(control.href);
              if (opened.status !== 200) forbidden.push(`${role}/${organisationId} ${path}: ${control.href} opens with ${opened.status}`);
            }
          }
        }
      }
    }
    expect(forbidden).toEqual([]);
    // The walk reached the forms it is about: the assignment's, the wheel's and the meeting's changes after the fact among them.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'AcceptAssignment',
        'AdoptYearWheel',
        'AmendAgenda',
        'CancelAssignment',
        'CorrectMemberDecision',
        'CorrectMinutes',
        'GiveAssignment',
        'ProposeYearWheel',
        'RaiseQuestion',
        'RecordMemberDecision',
        'RescheduleMeeting',
        'ScheduleMeeting',
      ]),
    );
  }, 1_800_000);
});
