import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { questionDecider } from '../questions';
import { csvRecords, csvText, tableOf } from './import-file';
import { commandsOf, importedCommandId, importedConsultationId, importedQuestionId } from './import-rows';

const header =
  'fråga;steg;datum;titel;beskrivning;väckt av;sakområde;forum;logik;ansvarig förnamn;ansvarig efternamn;ansvarig organisation;text;organisationer;beslut senast;organisation;beslutsorgan;utfall;referens;skäl';

function rowsOf(...lines: string[]) {
  return tableOf(csvRecords([header, ...lines].join('\r\n')));
}

describe('the import template: CSV into rows', () => {
  it('reads semicolons, quoted fields with separators, doubled quotes and line breaks, and a byte order mark', () => {
    expect(csvRecords('\ufeffa;b\r\n"x;y";"sa ""hej""\nrad två"\r\n')).toEqual([
      ['a', 'b'],
      ['x;y', 'sa "hej"\nrad två'],
    ]);
    expect(csvRecords('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('writes what it reads, and a cell that would run as a formula comes back as written', () => {
    const records = [
      ['fråga', 'text'],
      ['K-1', '=SUMMA(A1)'],
      ['K-2', 'rad; "citat"\nny rad'],
    ];
    const { rows } = tableOf(csvRecords(csvText(records)));
    expect(rows.map((row) => row.cells.text)).toEqual(['=SUMMA(A1)', 'rad; "citat"\nny rad']);
    expect(csvText(records)).toContain(`"'=SUMMA(A1)"`);
  });

  it('numbers rows as a spreadsheet does and skips blank ones; refuses unknown and missing columns in row 1', () => {
    const { rows, refusals } = tableOf(csvRecords('fråga;steg;färg\r\nK-1;väckt;blå\r\n;;\r\nK-2;väckt;röd'));
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 4]);
    expect(refusals).toEqual([
      expect.objectContaining({ row: 1, column: 'färg', rule: 'unknown-column' }),
      expect.objectContaining({ row: 1, column: 'datum', rule: 'missing-column' }),
    ]);
  });
});

describe('the import template: rows into question commands', () => {
  it('a raised question, by organisation name, with the row date as its effective day', () => {
    const { commands, refusals } = commandsOf(rowsOf('K-1;väckt;2024-03-05;Kulturplan;Tas fram i dialog;Karlstads kommun;Kultur').rows);
    expect(refusals).toEqual([]);
    expect(commands).toEqual([
      expect.objectContaining({
        row: 2,
        questionKey: 'K-1',
        step: 'väckt',
        effectiveOn: '2024-03-05',
        commandId: importedCommandId('K-1\u001fväckt\u001f\u001f1'),
        command: {
          type: 'RaiseQuestion',
          data: {
            questionId: importedQuestionId('K-1'),
            title: 'Kulturplan',
            description: 'Tas fram i dialog',
            raisedBy: { kind: 'organisation', id: 'karlstad' },
            topicArea: 'Kultur',
            documents: [],
          },
        },
      }),
    ]);
  });

  it('a position names its organisations; a decision its body and outcome in Swedish', () => {
    const { commands } = commandsOf(
      rowsOf(
        'K-1;ställningstagande;2024-05-09;;;;;;;;;;Anta planen;karlstad, Kils kommun;2024-09-30;;;;Ordföranderådet 2024-05-09 § 5;',
        'K-1;beslut;2024-06-11;;;;;;;;;;;;;kil;KS;bifallit med ändringar;KS 2024-06-11 § 80;',
      ).rows,
    );
    expect(commands.map((command) => command.command)).toEqual([
      {
        type: 'TakePosition',
        data: {
          questionId: importedQuestionId('K-1'),
          text: 'Anta planen',
          organisationsToDecide: ['karlstad', 'kil'],
          decideBy: '2024-09-30',
          meetingReference: 'Ordföranderådet 2024-05-09 § 5',
        },
      },
      {
        type: 'RecordMemberDecision',
        data: {
          questionId: importedQuestionId('K-1'),
          organisationId: 'kil',
          body: 'municipal-executive-board',
          decidedOn: '2024-06-11',
          outcome: 'adopted-with-changes',
          reference: 'KS 2024-06-11 § 80',
        },
      },
    ]);
  });

  it("a decision recorded after the day its body decided keeps both: datum is when it happened here, beslutsdatum the body's day", () => {
    const rows = tableOf(
      csvRecords(
        [
          'fråga;steg;datum;organisation;beslutsorgan;organets namn;utfall;referens;beslutsdatum',
          'K-1;beslut;2024-09-02;karlstad;nämnd;Kultur- och fritidsnämnden;bifallit;KFN 2024-08-20 § 12;2024-08-20',
          'K-1;beslut;2024-09-02;kil;KS;;avslagit;KS 2024-08-21 § 3;2024-02-31',
        ].join('\r\n'),
      ),
    ).rows;
    const { commands, refusals } = commandsOf(rows);
    expect(commands.map(({ effectiveOn, command }) => ({ effectiveOn, command }))).toEqual([
      {
        effectiveOn: '2024-09-02',
        command: {
          type: 'RecordMemberDecision',
          data: {
            questionId: importedQuestionId('K-1'),
            organisationId: 'karlstad',
            body: 'committee',
            bodyName: 'Kultur- och fritidsnämnden',
            decidedOn: '2024-08-20',
            outcome: 'adopted',
            reference: 'KFN 2024-08-20 § 12',
          },
        },
      },
    ]);
    expect(refusals.map(({ row, column, rule }) => ({ row, column, rule }))).toEqual([{ row: 3, column: 'beslutsdatum', rule: 'invalid-date' }]);
  });

  it('refuses each bad row with its row number, column and rule', () => {
    const { commands, refusals } = commandsOf(
      rowsOf(
        'K-1;väckt;2024-02-30;Titel;Beskrivning;karlstad;Kultur',
        'K-1;beredd;2024-03-01;;;;;council;kanske;Eva;Lind;region-varmland',
        'K-1;beslut;2024-06-11;;;;;;;;;;;;;Oslo;KS;bifallit;KS § 1;',
        'K-1;avslutad;2024-07-01;;;;;;;;;;;;;;;;;',
        'K-1;dialog;2024-03-01;Titel;;;;council;;;;;Rådslag',
        ';väckt;2024-03-01',
      ).rows,
    );
    expect(commands).toEqual([]);
    expect(refusals.map(({ row, column, rule }) => ({ row, column, rule }))).toEqual([
      { row: 2, column: 'datum', rule: 'invalid-date' },
      { row: 3, column: 'logik', rule: 'unknown-logic' },
      { row: 4, column: 'organisation', rule: 'unknown-organisation' },
      { row: 5, column: 'skäl', rule: 'required' },
      { row: 6, column: 'titel', rule: 'not-used-by-step' },
      { row: 7, column: 'fråga', rule: 'required' },
    ]);
  });

  it('keys rows by question, step, organisation and which such row it is, not by where they stand in the file', () => {
    const first = commandsOf(rowsOf('K-1;dialog;2024-03-01;;;;;council;;;;;Första', 'K-1;dialog;2024-04-01;;;;;council;;;;;Andra').rows).commands;
    const moved = commandsOf(
      rowsOf('K-2;väckt;2024-03-05;T;B;kil;Kultur', 'K-1;dialog;2024-03-01;;;;;council;;;;;Första', 'K-1;dialog;2024-04-01;;;;;council;;;;;Andra').rows,
    ).commands;
    expect(moved.slice(1).map((command) => command.commandId)).toEqual(first.map((command) => command.commandId));
    expect(new Set(first.map((command) => command.commandId)).size).toBe(2);
  });
});

describe('the import template: every step a question takes', () => {
  const fixture = readFileSync(join(__dirname, '../../test/import/fixtures/every-step-2025.csv'), 'utf8');
  const actor = { userId: 'ida.admin', displayName: 'Ida Admin', role: 'admin', organisationId: 'region-varmland' };

  it('reads each step into its command, the consultation named by its key in the file', () => {
    const { commands, refusals } = commandsOf(tableOf(csvRecords(fixture)).rows);
    expect(refusals).toEqual([]);
    expect(new Set(commands.map((row) => row.command.type))).toEqual(
      new Set([
        'RaiseQuestion',
        'AcceptQuestion',
        'MoveQuestionToForum',
        'SubmitInput',
        'OpenConsultation',
        'AnswerConsultation',
        'CloseConsultation',
        'TableQuestion',
        'AttachDecisionDocument',
        'TakePosition',
        'SendBackToDialogue',
        'RecordDialogue',
        'RecordMemberDecision',
        'CorrectMemberDecision',
        'RecordFeedbackAtHome',
        'CloseQuestion',
        'ReopenQuestion',
        'DeclineQuestion',
      ]),
    );
    const consultation = importedConsultationId('VR-2025-09', 'R1');
    for (const row of commands.filter((row) => row.step.startsWith('remiss'))) {
      expect(row.consultationKey).toBe('R1');
      expect((row.command.data as { consultationId: string }).consultationId).toBe(consultation);
    }
    const correction = commands.find((row) => row.step === 'beslut rättat')!;
    expect(correction.command.data).toMatchObject({
      organisationId: 'karlstad',
      decidedOn: '2025-06-20',
      outcome: 'adopted-with-changes',
      reason: 'Utfallet registrerades fel.',
    });
    expect(correction.effectiveOn).toBe('2025-06-25');
    const answers = commands.filter((row) => row.step === 'remissvar').map((row) => row.rowKey);
    expect(new Set(answers).size).toBe(2);
  });

  it('each row is a command the question decider takes, in the file’s order and on its day', () => {
    const { commands } = commandsOf(tableOf(csvRecords(fixture)).rows);
    const states = new Map<string, ReturnType<typeof questionDecider.initialState>>();
    for (const row of commands) {
      const id = row.command.data.questionId;
      const state = states.get(id) ?? questionDecider.initialState();
      const context = { actor, now: '2025-09-01T08:00:00.000Z', timeZone: 'Europe/Stockholm', effectiveOn: row.effectiveOn };
      const events = questionDecider.decide(row.command, state, context);
      states.set(
        id,
        events.reduce((folded, event) => questionDecider.evolve(folded, event, { occurredAt: context.now, actor, effectiveOn: row.effectiveOn }), state),
      );
    }
    const programme = states.get(importedQuestionId('VR-2025-09'))!;
    expect(programme).toMatchObject({ exists: true, stage: 'position-taken', pendingDecisions: ['hagfors'] });
    expect(states.get(importedQuestionId('VR-2025-10'))).toMatchObject({ stage: 'declined' });
  });

  it('refuses a consultation row without its key, with a date that is not one, or a party that is not a member', () => {
    const head = 'fråga;steg;datum;titel;organisationer;svar senast;remiss;organisation;text';
    const { refusals } = commandsOf(
      tableOf(
        csvRecords(
          [
            head,
            'K-1;remissvar;2025-04-01;;;;;karlstad;Svar',
            'K-1;remiss;2025-03-01;Remiss;karlstad;2025-04-31;R1;;',
            'K-1;remiss;2025-03-01;Remiss;karlstad, Oslo;2025-04-30;R2;;',
          ].join('\r\n'),
        ),
      ).rows,
    );
    expect(refusals.map(({ row, column, rule }) => ({ row, column, rule }))).toEqual([
      { row: 2, column: 'remiss', rule: 'required' },
      { row: 3, column: 'svar senast', rule: 'invalid-date' },
      { row: 4, column: 'organisationer', rule: 'unknown-organisation' },
    ]);
  });
});
