import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox, OutboxKind, OutboxRow, OutboxTable } from '../outbox/outbox';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { REGISTRAR_NOTIFICATION_TABLE, RegistrarNotice, RegistrarNotificationKind } from './registrar-notifications.projection';

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
      const asked =
        row.kind === 'decision-owed'
          ? `Ordföranderådets ställningstagande ska beslutas i er organisation senast ${row.payload.dueBy}.`
          : `Remissen ska besvaras senast ${row.payload.dueBy}.`;
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
    dataSource: DataSource,
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.outbox = new Outbox(registrarWord(config.publicBaseUrl), dataSource, clock, config.outbox);
  }

  onApplicationBootstrap(): void {
    this.outbox.start(this.config.registrars.outboxPollMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.outbox.stop();
  }

  /** One round (delivery). Rounds never overlap. */
  tick(): Promise<void> {
    return this.outbox.tick();
  }

  /** Sends what is pending and due for an attempt. Returns how many were sent. */
  deliver(): Promise<number> {
    return this.outbox.deliver();
  }
}
