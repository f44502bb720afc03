import type { Actor } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import type { CommandContext, ForumEnding, QuestionCommand } from './question.commands';
import { decide, evolve, initialState, type QuestionRule, type QuestionState } from './question.decider';
import type { QuestionEvent } from './question.events';

/**
 * A question in a discontinued forum must be moved. Given a question in the
 * health-care forum, and the register's fact that the forum was discontinued
 * (or merged) on 2026-02-01, when a command arrives on 2026-03-02, then the
 * forum's own work is refused (`question-forum-ended`) and moving it to an open
 * forum, withdrawing or closing it, and the member organisations' own records
 * are taken; no forum that had ended is named by an acceptance, a move, a
 * dialogue or a tabling (`forum-not-open`). Without the register's facts (an
 * empty register) nothing is checked.
 */

const chair: Actor = { userId: 'user-eva', displayName: 'Eva Lindgren', role: 'chair', organisationId: 'region-varmland' };
const questionId = 'question-1';
const now = '2026-03-02T08:00:00.000Z';
const discontinued: Record<string, ForumEnding> = { 'health-care-forum': { on: '2026-02-01', how: 'discontinued' } };
const merged: Record<string, ForumEnding> = { 'health-care-forum': { on: '2026-02-01', how: 'merged', intoForumId: 'council' } };

const raised: QuestionEvent = {
  type: 'QuestionRaised',
  data: { questionId, title: 'Nära vård', description: 'Omställningen', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Vård', documents: [] },
};
const accepted = (forum: 'health-care-forum' | 'council'): QuestionEvent => ({
  type: 'QuestionAccepted',
  data: { questionId, forum, logic: 'process', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' } },
});
const positionTaken: QuestionEvent[] = [
  { type: 'DecisionDocumentAttached', data: { questionId, reference: 'VR 2026/1', title: 'Underlag', proposedPosition: 'Att ställa sig bakom' } },
  { type: 'PositionTaken', data: { questionId, text: 'Vi ställer oss bakom', organisationsToDecide: ['kil'], decideBy: '2026-06-30' } },
];

const command = (type: QuestionCommand['type'], data: object): QuestionCommand => ({ type, data: { questionId, ...data } }) as QuestionCommand;
const dialogue = (forum: string, heldOn = '2026-03-01') => command('RecordDialogue', { forum, heldOn, summary: 'Dialog' });

function given(...events: QuestionEvent[]) {
  const state = events.reduce<QuestionState>(
    (folded, event, index) => evolve(folded, event, { occurredAt: `2026-01-0${index + 1}T08:00:00.000Z`, actor: chair }),
    initialState(),
  );
  return {
    when(whenCommand: QuestionCommand, endedForums?: Record<string, ForumEnding>, effectiveOn?: string) {
      const context: CommandContext = {
        actor: chair,
        now,
        timeZone: 'Europe/Stockholm',
        ...(endedForums ? { structure: { endedForums } } : {}),
        ...(effectiveOn ? { effectiveOn } : {}),
      };
      const run = () => decide(whenCommand, state, context);
      return {
        thenTaken: (type: QuestionEvent['type']) => expect(run().map((event) => event.type)).toEqual([type]),
        thenRefused(rule: QuestionRule, detail: string) {
          let error: unknown;
          try {
            run();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(DomainRuleViolation);
          expect(error).toMatchObject({ rule });
          expect((error as Error).message).toContain(detail);
        },
      };
    },
  };
}

describe('a question in a discontinued forum must be moved', () => {
  it.each([
    ['RecordDialogue', dialogue('health-care-forum')],
    ['SubmitInput', command('SubmitInput', { organisationId: 'kil', content: 'Inspel' })],
    ['OpenConsultation', command('OpenConsultation', { consultationId: 'r1', subject: 'Remiss', parties: ['kil'], answerBy: '2026-04-30' })],
    ['AttachDecisionDocument', command('AttachDecisionDocument', { reference: 'VR 2026/2', title: 'Underlag', proposedPosition: 'Att' })],
  ])('refuses the forum’s own work (%s) with question-forum-ended, naming the forum, the day and the way out', (_type, refused) => {
    given(raised, accepted('health-care-forum'))
      .when(refused, discontinued)
      .thenRefused('question-forum-ended', 'health-care-forum was discontinued on 2026-02-01: the question must be moved to an open forum');
  });

  it('says into which forum a merged forum went', () => {
    given(raised, accepted('health-care-forum')).when(dialogue('council'), merged).thenRefused('question-forum-ended', 'was merged into council on 2026-02-01');
  });

  it('moves the question to an open forum', () => {
    given(raised, accepted('health-care-forum'))
      .when(command('MoveQuestionToForum', { forum: 'council', reason: 'Forumet är avvecklat' }), discontinued)
      .thenTaken('QuestionMovedToForum');
  });

  it.each([
    ['WithdrawQuestion', command('WithdrawQuestion', { reason: 'Forumet är avvecklat' })],
    ['CloseQuestion', command('CloseQuestion', { reason: 'Forumet är avvecklat' })],
  ])('withdraws or closes it (%s)', (_type, taken) => {
    const type = taken.type === 'WithdrawQuestion' ? 'QuestionWithdrawn' : 'QuestionClosed';
    given(raised, accepted('health-care-forum')).when(taken, discontinued).thenTaken(type);
  });

  it('keeps recording what a member organisation decided in its own body', () => {
    given(raised, accepted('health-care-forum'), ...positionTaken)
      .when(
        command('RecordMemberDecision', {
          organisationId: 'kil',
          body: 'municipal-executive-board',
          decidedOn: '2026-02-20',
          outcome: 'adopted',
          reference: 'KS § 12',
        }),
        discontinued,
      )
      .thenTaken('MemberDecisionRecorded');
  });

  it('refuses a move, an acceptance or a dialogue into a forum that had ended (forum-not-open)', () => {
    given(raised, accepted('council'))
      .when(command('MoveQuestionToForum', { forum: 'health-care-forum', reason: 'Hör hemma där' }), discontinued)
      .thenRefused('forum-not-open', 'Forum health-care-forum was discontinued on 2026-02-01');
    given(raised)
      .when(
        command('AcceptQuestion', { forum: 'health-care-forum', logic: 'process', responsible: { givenName: 'A', familyName: 'B', organisationId: 'kil' } }),
        discontinued,
      )
      .thenRefused('forum-not-open', 'health-care-forum');
    given(raised, accepted('council')).when(dialogue('health-care-forum'), discontinued).thenRefused('forum-not-open', 'open on 2026-03-01');
  });

  it('takes a dialogue held in the forum before it ended, and the forum’s work on a day before it ended', () => {
    given(raised, accepted('council')).when(dialogue('health-care-forum', '2026-01-15'), discontinued).thenTaken('DialogueRecorded');
    given(raised, accepted('health-care-forum')).when(dialogue('health-care-forum', '2026-01-20'), discontinued, '2026-01-20').thenTaken('DialogueRecorded');
  });

  it('checks nothing without the register’s facts (an empty register)', () => {
    given(raised, accepted('health-care-forum')).when(dialogue('health-care-forum')).thenTaken('DialogueRecorded');
  });
});
