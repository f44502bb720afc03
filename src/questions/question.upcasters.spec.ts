import type { Actor } from '../event-store/event-store.port';
import { evolve, initialState } from './question.decider';
import { QUESTION_EVENT_SCHEMA_VERSIONS, type QuestionEvent } from './question.events';
import { UnreadableEventError, splitFullName, upcastQuestionEvent } from './question.upcasters';

const actor: Actor = { userId: 'u', displayName: 'Anna', role: 'secretary', organisationId: 'region-varmland' };
const questionId = 'question-1';
const raisedV1 = {
  questionId,
  title: 'Regional kulturplan',
  description: 'Kulturplanen tas fram i dialog.',
  raisedBy: { kind: 'forum', id: 'council' },
  topicArea: 'Kultur',
  documents: [],
};
/** QuestionAccepted exactly as version 1 stored it: the responsible official's name as one string. */
const acceptedV1 = { questionId, forum: 'council', logic: 'process', responsible: { name: 'Eva Maria Lind', organisationId: 'region-varmland' } };

describe('upcasting stored question events to the current shape', () => {
  it('QuestionAccepted is at version 2', () => {
    expect(QUESTION_EVENT_SCHEMA_VERSIONS.QuestionAccepted).toBe(2);
  });

  it('reads a version 1 QuestionAccepted with the name split into given and family name', () => {
    expect(upcastQuestionEvent('QuestionAccepted', 1, acceptedV1)).toEqual({
      type: 'QuestionAccepted',
      data: { questionId, forum: 'council', logic: 'process', responsible: { givenName: 'Eva Maria', familyName: 'Lind', organisationId: 'region-varmland' } },
    });
  });

  it('leaves the stored data as it was (the record is never rewritten)', () => {
    const stored = JSON.parse(JSON.stringify(acceptedV1));
    upcastQuestionEvent('QuestionAccepted', 1, stored);
    expect(stored).toEqual(acceptedV1);
  });

  it('reads a version 2 QuestionAccepted and every version 1 event of the other types unchanged', () => {
    const v2 = { ...acceptedV1, responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'kil' } };
    expect(upcastQuestionEvent('QuestionAccepted', 2, v2).data).toBe(v2);
    expect(upcastQuestionEvent('QuestionRaised', 1, raisedV1)).toEqual({ type: 'QuestionRaised', data: raisedV1 });
  });

  it('refuses what it cannot read: an unknown type, a version newer than the code, a version below 1', () => {
    expect(() => upcastQuestionEvent('QuestionSold', 1, {})).toThrow(UnreadableEventError);
    expect(() => upcastQuestionEvent('QuestionAccepted', 3, {})).toThrow('QuestionAccepted version 3 cannot be read: this code knows versions 1 to 2');
    expect(() => upcastQuestionEvent('QuestionRaised', 0, raisedV1)).toThrow(UnreadableEventError);
  });

  it('folds a stream holding a version 1 event into the same state as the version 2 event', () => {
    const fold = (events: QuestionEvent[]) =>
      events.reduce((state, event, index) => evolve(state, event, { occurredAt: `2025-03-0${index + 1}T09:00:00.000Z`, actor }), initialState());
    const fromV1 = fold([upcastQuestionEvent('QuestionRaised', 1, raisedV1), upcastQuestionEvent('QuestionAccepted', 1, acceptedV1)]);
    const fromV2 = fold([
      upcastQuestionEvent('QuestionRaised', 1, raisedV1),
      upcastQuestionEvent('QuestionAccepted', 2, {
        ...acceptedV1,
        responsible: { givenName: 'Eva Maria', familyName: 'Lind', organisationId: 'region-varmland' },
      }),
    ]);
    expect(fromV1).toEqual(fromV2);
    expect(fromV1.exists && fromV1.responsible).toEqual({
      givenName: 'Eva Maria',
      familyName: 'Lind',
      name: 'Eva Maria Lind',
      organisationId: 'region-varmland',
    });
  });
});

describe('splitFullName', () => {
  it.each([
    ['Eva Lind', 'Eva', 'Lind'],
    ['Eva Maria Lind', 'Eva Maria', 'Lind'],
    ['  Per   Åberg ', 'Per', 'Åberg'],
    ['Karin', 'Karin', ''],
  ])('%j → given %j, family %j', (name, givenName, familyName) => {
    expect(splitFullName(name)).toEqual({ givenName, familyName });
  });
});

describe('what the upcaster refuses, and its readable neighbours', () => {
  it.each([
    ['a version that is not a whole number', 'QuestionAccepted', 1.5],
    ['a version above the type’s own, though another type is at it', 'QuestionRaised', 2],
    ['a version below 1', 'QuestionAccepted', 0],
    ['a name that is a property of every object, not an event type', 'toString', 1],
    ['a name that is a property of every object, not an event type', 'constructor', 1],
  ])('refuses %s (%s version %s)', (_what, type, version) => {
    expect(() => upcastQuestionEvent(type, version, {})).toThrow(UnreadableEventError);
  });

  it.each([
    ['QuestionAccepted', 0],
    ['QuestionAccepted', 1.5],
    ['QuestionRaised', 0],
  ])('refuses %s version %s as a version it does not know, before looking for an upcaster', (type, version) => {
    expect(() => upcastQuestionEvent(type, version, {})).toThrow(`${type} version ${version} cannot be read`);
  });

  it('an UnreadableEventError is an Error named UnreadableEventError, so logs and the audit tell it apart', () => {
    let error: unknown;
    try {
      upcastQuestionEvent('QuestionSold', 1, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('UnreadableEventError');
  });

  it('reads version 1 of QuestionAccepted into exactly the version 2 fields, the name no longer among them', () => {
    expect(upcastQuestionEvent('QuestionAccepted', 1, acceptedV1).data).toStrictEqual({
      questionId,
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Eva Maria', familyName: 'Lind', organisationId: 'region-varmland' },
    });
  });

  it.each([
    ['', '', ''],
    ['   ', '', ''],
    [' Karin ', 'Karin', ''],
  ])('splitFullName(%j): a blank name gives blank parts, one word is the given name', (name, givenName, familyName) => {
    expect(splitFullName(name)).toStrictEqual({ givenName, familyName });
  });
});

describe('DialogueRecorded version 1 (before meeting references)', () => {
  it('reads as the current version with no meeting reference: the data as it was stored', () => {
    const dialogueV1 = { questionId, forum: 'council', heldOn: '2025-01-24', summary: 'Rådslag om kulturplanen' };
    expect(upcastQuestionEvent('DialogueRecorded', 1, dialogueV1)).toStrictEqual({ type: 'DialogueRecorded', data: dialogueV1 });
  });
});
