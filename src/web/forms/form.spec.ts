import { WrongExpectedRevisionError } from '../../event-store/event-store.port';
import { RaiseQuestionDto } from '../../questions';
import { DomainRuleViolation } from '../../shared-kernel/domain-errors';
import { Field, fieldFor, formKeyOf, newFormKey, readValues, renderForm, revisionOf, swedishInstant, swedishLocal } from './form';
import { QUESTION_RULES, QUESTION_RULE_TEXTS } from './question-rule-texts';
import { submit } from './submit';

const FIELDS: Field[] = [
  { name: 'title', kind: 'text', label: 'Rubrik', maxLength: 300 },
  { name: 'reason', kind: 'textarea', label: 'Skäl' },
  {
    name: 'parties',
    kind: 'checkboxes',
    label: 'Skickas till',
    options: [
      { value: 'kil', label: 'Kils kommun' },
      { value: 'eda', label: 'Eda kommun' },
    ],
  },
  {
    name: 'logic',
    kind: 'radios',
    label: 'Logik',
    options: [
      { value: 'process', label: 'Processlogik' },
      { value: 'decision', label: 'Beslutslogik' },
    ],
  },
  { name: 'documentUrl', kind: 'url', label: 'Adress', optional: true, path: 'documents.0.url' },
];
const WORDS = { errorSummaryTitle: 'Det finns ett problem', optional: 'frivilligt', chooseOne: 'Välj' };
const TOKENS = { csrfToken: 'csrf-token', formKey: 'abcdefghijklmnopqrstuv', revision: 4 };

describe('Reading a posted form', () => {
  it('takes the form’s own fields only: text trimmed, checkboxes as a list, anything else ignored', () => {
    const values = readValues(FIELDS, { title: '  Laddplatser ', parties: 'kil', logic: ['decision', 'process'], admin: 'yes', _csrf: 'x' });
    expect(values).toEqual({ title: 'Laddplatser', reason: '', parties: ['kil'], logic: 'decision', documentUrl: '' });
  });

  it('reads a form key only when it looks like one this server draws, and a revision only as digits', () => {
    expect(formKeyOf({ _formKey: newFormKey() })).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(formKeyOf({ _formKey: 'short' })).toBeUndefined();
    expect(formKeyOf({ _formKey: ['abcdefghijklmnopqrstuv', 'abcdefghijklmnopqrstuv'] })).toBeUndefined();
    expect(revisionOf({ _revision: '12' })).toBe(12);
    expect(revisionOf({ _revision: '-1' })).toBeUndefined();
    expect(revisionOf({ _revision: '1e3' })).toBeUndefined();
  });

  it('reads a time typed in Sweden as the instant with its offset, in winter and in summer, and back', () => {
    expect(swedishInstant('2027-02-11T09:00')).toBe('2027-02-11T09:00:00+01:00');
    expect(swedishInstant('2027-06-15T09:30')).toBe('2027-06-15T09:30:00+02:00');
    expect(swedishInstant('2027-03-28T03:30')).toBe('2027-03-28T03:30:00+02:00');
    expect(swedishInstant('den 11 februari')).toBe('den 11 februari');
    expect(swedishInstant('')).toBeUndefined();
    expect(swedishLocal('2027-06-15T07:30:00.000Z')).toBe('2027-06-15T09:30');
    expect(swedishLocal('2027-02-11T09:00:00+01:00')).toBe('2027-02-11T09:00');
  });

  it('finds the field an API error names, by its path or by its name', () => {
    expect(fieldFor(FIELDS, 'documents.0.url')).toBe('documentUrl');
    expect(fieldFor(FIELDS, 'parties[1]')).toBe('parties');
    expect(fieldFor(FIELDS, 'title')).toBe('title');
    expect(fieldFor(FIELDS, 'responsible.name')).toBeUndefined();
  });
});

describe('Drawing a form', () => {
  it('carries the CSRF token, the form key and the revision it was drawn from', () => {
    const text = renderForm({ action: '/web/x', fields: FIELDS, values: {}, errors: [], tokens: TOKENS, submitLabel: 'Skicka', words: WORDS }).text;
    expect(text).toContain('name="_csrf" value="csrf-token"');
    expect(text).toContain('name="_formKey" value="abcdefghijklmnopqrstuv"');
    expect(text).toContain('name="_revision" value="4"');
    expect(
      renderForm({ action: '/web/x', fields: FIELDS, values: {}, errors: [], tokens: { ...TOKENS, revision: undefined }, submitLabel: 'Skicka', words: WORDS })
        .text,
    ).not.toContain('_revision');
  });

  it('keeps what was typed, escaped, and puts each error beside its field, described for screen readers', () => {
    const text = renderForm({
      action: '/web/x',
      fields: FIELDS,
      values: { title: '"><script>alert(1)</script>', reason: '</textarea><b>', parties: ['eda'], logic: 'decision' },
      errors: [{ field: 'reason', message: 'Skriv ett skäl.' }],
      tokens: TOKENS,
      submitLabel: 'Skicka',
      words: WORDS,
    }).text;
    expect(text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(text).toContain('&lt;/textarea&gt;&lt;b&gt;</textarea>');
    expect(text).toMatch(/id="parties-1"\s+name="parties"\s+value="eda"\s+checked/);
    expect(text).not.toMatch(/id="parties"\s+name="parties"\s+value="kil"\s+checked/);
    expect(text).toMatch(/value="decision"\s+checked/);
    expect(text).toContain('<span class="error-message" id="reason-error">Skriv ett skäl.</span>');
    expect(text).toContain('aria-describedby="reason-error"');
    expect(text).toContain('form-group form-group--error');
    expect(text).toContain('(frivilligt)');
  });
});

describe('Submitting a form', () => {
  const base = { fields: FIELDS, language: 'sv' as const, rules: QUESTION_RULES };

  it('checks the body with the API’s DTO first: errors beside their fields in Swedish, and the command never runs (400)', async () => {
    const run = jest.fn();
    const result = await submit({
      ...base,
      dto: RaiseQuestionDto,
      body: { title: '', description: 'd', topicArea: 't', raisedBy: { kind: 'organisation', id: 'kil' }, documents: [{ title: 'x', url: 'ftp://x' }] },
      run,
    });
    expect(run).not.toHaveBeenCalled();
    expect(result).toEqual({
      kind: 'invalid',
      status: 400,
      errors: [
        { field: 'title', message: 'Fyll i ”Rubrik”.' },
        { field: 'documentUrl', message: '”Adress” ska vara en webbadress som börjar med https:// eller http://.' },
      ],
    });
  });

  it('shows a rule’s refusal beside the field it is about, in the reader’s language (422)', async () => {
    const refuse = (rule: string, message: string) => () => Promise.reject(new DomainRuleViolation(rule, message));
    expect(await submit({ ...base, body: {}, run: refuse('reason-required', 'A reason is required (rule: reason-required)') })).toEqual({
      kind: 'invalid',
      status: 422,
      errors: [{ field: 'reason', message: 'Skriv ett skäl.' }],
    });
    expect(await submit({ ...base, body: {}, run: refuse('required-field-blank', 'title must not be blank (rule: required-field-blank)') })).toEqual({
      kind: 'invalid',
      status: 422,
      errors: [{ field: 'title', message: 'Fyll i ”Rubrik”.' }],
    });
    expect(
      await submit({ ...base, language: 'en', body: {}, run: refuse('position-requires-decision-document', 'A position can only be taken on …') }),
    ).toEqual({ kind: 'invalid', status: 422, errors: [{ field: undefined, message: QUESTION_RULE_TEXTS['position-requires-decision-document'].en }] });
  });

  it('runs a command whose revision moved on once more (a double submit’s twin stored it), and is stale only if it moves on again (409)', async () => {
    const conflict = new WrongExpectedRevisionError('question-1', 3, 4);
    const twinStoredIt = jest.fn().mockRejectedValueOnce(conflict).mockResolvedValueOnce('the twin’s outcome');
    expect(await submit({ ...base, body: {}, run: twinStoredIt })).toEqual({ kind: 'done', outcome: 'the twin’s outcome' });
    const changed = jest.fn().mockRejectedValue(conflict);
    expect(await submit({ ...base, body: {}, run: changed })).toEqual({ kind: 'stale', currentRevision: 4 });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('lets access refusals through to the error pages', async () => {
    const denied = new Error('denied');
    await expect(submit({ ...base, body: {}, run: () => Promise.reject(denied) })).rejects.toBe(denied);
  });
});
