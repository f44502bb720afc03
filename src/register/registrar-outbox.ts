import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox, OutboxKind, OutboxRow, OutboxTable } from '../outbox/outbox';
import { owedDecisionsAndAnswersDueBy } from '../follow-up/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import type { StructureState } from './register.state';
import {
  REGISTRAR_NOTIFICATION_TABLE,
  REGISTRAR_STRUCTURE_TABLE,
  RegistrarNotice,
  RegistrarNotificationKind,
  allRegistrarsOn,
} from './registrar-notifications.projection';

interface Row extends OutboxRow {
  organisation_id: string;
  person_id: string;
  event_id: string;
  kind: RegistrarNotificationKind;
  question_id: string;
  payload: RegistrarNotice & { registrar: string };
}

const SUBJECTS: Record<RegistrarNotificationKind, string> = {
  'decision-owed': 'Beslut att fatta',
  'consultation-sent': 'Remiss att besvara',
  'decision-due-soon': 'Beslut snart förfallet',
  'decision-overdue': 'Beslut försenat',
  'answer-due-soon': 'Remissvar snart förfallet',
  'answer-overdue': 'Remissvar försenat',
};

/** What is asked, in a sentence. */
const ASKED: Record<RegistrarNotificationKind, (dueBy: string) => string> = {
  'decision-owed': (dueBy) => `Ordföranderådets ställningstagande ska beslutas i er organisation senast ${dueBy}.`,
  'consultation-sent': (dueBy) => `Remissen ska besvaras senast ${dueBy}.`,
  'decision-due-soon': (dueBy) => `Er organisation ska besluta om Ordföranderådets ställningstagande i frågan senast ${dueBy}; inget beslut är registrerat än.`,
  'decision-overdue': (dueBy) =>
    `Er organisation skulle ha beslutat om Ordföranderådets ställningstagande i frågan senast ${dueBy}; inget beslut är registrerat.`,
  'answer-due-soon': (dueBy) => `Remissen ska besvaras senast ${dueBy}; inget svar från er organisation är registrerat än.`,
  'answer-overdue': (dueBy) => `Remissen skulle ha besvarats senast ${dueBy}; inget svar från er organisation är registrerat.`,
};

/** The registrars' outbox, as the metrics label and count it. */
export const REGISTRAR_OUTBOX: OutboxTable = { name: 'registrars', table: REGISTRAR_NOTIFICATION_TABLE };

/** What word to a registrar says; the delivery is the outbox mechanic's (src/outbox/outbox.ts). */
export function registrarWord(publicBaseUrl: string): OutboxKind<Row> {
  return {
    ...REGISTRAR_OUTBOX,
    key: ['organisation_id', 'person_id', 'event_id'],
    select: 'organisation_id, person_id, event_id, kind, question_id, email, payload, attempts',
    mail: (row) => {
      const asked = ASKED[row.kind](row.payload.dueBy);
      return {
        subject: `${SUBJECTS[row.kind]}: ${row.payload.what.slice(0, 120)}`,
        text: [
          `Till ${row.payload.registrar}, registrator.`,
          '',
          row.payload.what,
          '',
          asked,
          `Frågan: ${publicBaseUrl}/web/questions/${row.question_id}`,
        ].join('\n'),
      };
    },
    webhook: (row) => ({ ...row.payload, personId: row.person_id, eventId: row.event_id, link: `${publicBaseUrl}/web/questions/${row.question_id}` }),
    describe: (row) => `Word to ${row.organisation_id}'s registrar ${row.person_id}`,
  };
}

/**
 * Delivers the registrars' outbox (registrar_notification) by e-mail, or by
 * webhook, with the outbox mechanic's guarantees (src/outbox/): claimed under
 * a lease, sent at most once also by two instances, retried with a doubled
 * delay, then `failed`. Its own timer (REGISTRAR_OUTBOX_POLL_MS). A registrar
 * without an e-mail address is left pending while there is no webhook: the
 * organisation's page shows it as not sent.
 */
@Injectable()
export class RegistrarOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly outbox: Outbox<Row>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.outbox = new Outbox(registrarWord(config.publicBaseUrl), dataSource, clock, config.outbox, () => this.scan());
  }

  onApplicationBootstrap(): void {
    this.outbox.start(this.config.registrars.outboxPollMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.outbox.stop();
  }

  /** One round: scan, then deliver. Rounds never overlap. */
  tick(): Promise<void> {
    return this.outbox.tick();
  }

  /** Sends what is pending and due for an attempt. Returns how many were sent. */
  deliver(): Promise<number> {
    return this.outbox.deliver();
  }

  /**
   * Word to the registrars of today (in TIME_ZONE) about every decision or
   * consultation answer their organisation still owes (the follow-up's
   * obligations) that is due within REGISTRAR_DUE_NEARS_DAYS (`…-due-soon`)
   * or past due (`…-overdue`), in one statement. Each row's key names the
   * kind, the obligation and its due date, so a second scan, another
   * instance's scan or a scan after a restart inserts nothing (ON CONFLICT
   * DO NOTHING); an obligation first seen past due gets only `…-overdue`.
   */
  async scan(): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT state FROM ${REGISTRAR_STRUCTURE_TABLE} WHERE structure_id = $1`, [STRUCTURE_ID])) as Array<{
      state: StructureState;
    }>;
    const day = today(this.clock);
    const registrars = allRegistrarsOn(row?.state ?? registerDecider.initialState(), day);
    if (registrars.length === 0) return;
    await this.dataSource.query(
      `WITH registrar AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS r("organisationId" text, "personId" text, name text, email text)),
       owed AS (
         SELECT o.question_id, o.obligation_key, o.organisation_id, o.due_date::text AS due_by,
                CASE o.kind WHEN 'member-decision' THEN 'decision' ELSE 'answer' END ||
                CASE WHEN o.due_date < $1::date THEN '-overdue' ELSE '-due-soon' END AS kind,
                CASE o.kind WHEN 'consultation-answer' THEN o.subject ELSE o.title END AS what
         FROM ${owedDecisionsAndAnswersDueBy('$1::date + $2::int')} o)
       INSERT INTO ${REGISTRAR_NOTIFICATION_TABLE} (organisation_id, person_id, event_id, kind, question_id, email, payload, created_at, next_attempt_at)
       SELECT r."organisationId", r."personId", owed.kind || ':' || owed.question_id || ':' || owed.obligation_key || ':' || owed.due_by,
              owed.kind, owed.question_id, r.email,
              jsonb_build_object('kind', owed.kind, 'organisationId', r."organisationId", 'questionId', owed.question_id,
                                 'what', owed.what, 'dueBy', owed.due_by, 'registrar', r.name),
              $4, $4
       FROM owed JOIN registrar r ON r."organisationId" = owed.organisation_id
       ON CONFLICT DO NOTHING`,
      [day, this.config.registrars.dueNearsDays, JSON.stringify(registrars), this.clock.now().toISOString()],
    );
  }
}
