import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox, OutboxKind, OutboxRow } from '../outbox/outbox';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ASSIGNMENT_TABLE, NOTIFICATION_TABLE, NotificationKind, insertNotification } from './assignment.projection';
import { ExistingAssignmentState } from './assignment.state';
import { addDays } from './assignment-queries';

interface NotificationRow extends OutboxRow {
  assignment_id: string;
  kind: NotificationKind;
  due_date: string;
  recipient: string;
  event_id: string;
  payload: Record<string, unknown> & { title: string; dueDate: string };
}

const SUBJECTS: Record<NotificationKind, string> = {
  given: 'Nytt uppdrag',
  'due-soon': 'Uppdrag snart förfallet',
  overdue: 'Uppdrag försenat',
  returned: 'Leverans återremitterad',
};

/** What a reminder says; the delivery is the outbox mechanic's (src/outbox/outbox.ts). */
export const REMINDERS: OutboxKind<NotificationRow> = {
  name: 'reminders',
  table: NOTIFICATION_TABLE,
  key: ['assignment_id', 'kind', 'due_date', 'recipient', 'event_id'],
  select: 'assignment_id, kind, due_date::text AS due_date, recipient, event_id, email, payload, attempts',
  mail: ({ kind, assignment_id, payload: { title, dueDate } }) => ({
    subject: `${SUBJECTS[kind]}: ${title}`,
    text: [`${SUBJECTS[kind]}: ${title}`, `Att leverera senast ${dueDate}.`, `Uppdrag ${assignment_id}.`].join('\n'),
  }),
  webhook: (row) => ({ ...row.payload, recipient: row.recipient, eventId: row.event_id || null }),
  describe: (row) => `Reminder ${row.kind} for assignment ${row.assignment_id}`,
};

/**
 * The reminder outbox (assignment_notification), on a timer (OUTBOX_POLL_MS)
 * and callable directly: each round first `scan`s — due-soon and overdue
 * reminders for open assignments, from the clock, inserted idempotently
 * (unique key: assignment, kind, due date, recipient); an extension gives a
 * new due date and so new reminders — then delivers by e-mail to the
 * responsible person or by webhook, at most once per row (src/outbox/).
 */
@Injectable()
export class AssignmentOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly outbox: Outbox<NotificationRow>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.outbox = new Outbox(REMINDERS, dataSource, clock, config.outbox, () => this.scan());
  }

  onApplicationBootstrap(): void {
    this.outbox.start(this.config.assignments.outboxPollMs);
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

  /** Inserts due-soon and overdue reminders for every open assignment that has become one. Returns how many rows it tried. */
  async scan(): Promise<number> {
    const day = today(this.clock);
    const rows: Array<{ state: ExistingAssignmentState }> = await this.dataSource.query(
      `SELECT state FROM ${ASSIGNMENT_TABLE} WHERE status IN ('given', 'in-progress') AND due_date <= $1::date`,
      [addDays(day, this.config.assignments.dueSoonDays)],
    );
    const now = this.clock.now().toISOString();
    for (const { state } of rows) {
      const kind: NotificationKind = state.dueDate < day ? 'overdue' : 'due-soon';
      await insertNotification(this.dataSource.manager, { assignment: state, kind, eventId: '', createdAt: now });
    }
    return rows.length;
  }
}
