import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ASSIGNMENT_TABLE, NOTIFICATION_TABLE, NotificationKind, insertNotification } from './assignment.projection';
import { ExistingAssignmentState } from './assignment.state';
import { addDays } from './assignment-queries';

interface NotificationRow {
  assignment_id: string;
  kind: NotificationKind;
  due_date: string;
  recipient: string;
  event_id: string;
  email: string | null;
  payload: Record<string, unknown> & { title: string; dueDate: string };
  attempts: number;
}

const SUBJECTS: Record<NotificationKind, string> = {
  given: 'Nytt uppdrag',
  'due-soon': 'Uppdrag snart förfallet',
  overdue: 'Uppdrag försenat',
  returned: 'Leverans återremitterad',
};

/**
 * The reminder outbox (assignment_notification). Two jobs, run on a timer
 * (OUTBOX_POLL_MS) and callable directly:
 * - `scan`: due-soon and overdue reminders for open assignments, from the clock,
 *   inserted idempotently (unique key: assignment, kind, due date, recipient);
 *   an extension gives a new due date and so new reminders;
 * - `deliver`: sends pending rows by e-mail (SMTP_URL, to the responsible
 *   person's address) or webhook (WEBHOOK_URL), outside any command, so a slow
 *   or failing mail server never blocks one. A row is claimed (pending →
 *   sending) before it is sent and marked sent in the same row afterwards:
 *   at most once per recipient and event. A failure sets it back to pending
 *   with a doubled delay, up to OUTBOX_MAX_ATTEMPTS, then `failed`. A crash
 *   between sending and marking leaves it `sending`, for an operator: it is
 *   never sent twice.
 */
@Injectable()
export class AssignmentOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AssignmentOutbox.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private mailer: Transporter | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { outboxPollMs } = this.config.assignments;
    if (outboxPollMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), outboxPollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.mailer?.close();
  }

  /** One round: scan, then deliver. Rounds never overlap. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.scan();
        await this.deliver();
      } catch (error) {
        this.logger.error(`Outbox round failed: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
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

  /** Sends what is pending and due for an attempt. Returns how many were sent. */
  async deliver(): Promise<number> {
    const { smtpUrl, webhookUrl } = this.config.assignments;
    if (!smtpUrl && !webhookUrl) return 0;
    const now = this.clock.now();
    const due: NotificationRow[] = await this.dataSource.query(
      `SELECT assignment_id, kind, due_date::text AS due_date, recipient, event_id, email, payload, attempts FROM ${NOTIFICATION_TABLE}
       WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, assignment_id LIMIT 100`,
      [now.toISOString()],
    );
    let sent = 0;
    for (const row of due) {
      const channel = smtpUrl && row.email ? 'email' : webhookUrl ? 'webhook' : undefined;
      if (!channel) continue;
      const key = [row.assignment_id, row.kind, row.due_date, row.recipient, row.event_id];
      // Claimed by whoever flips pending → sending: two instances never send the same row.
      const claimed: unknown[] = await this.dataSource.query(
        `WITH claimed AS (
           UPDATE ${NOTIFICATION_TABLE} SET status = 'sending', attempts = attempts + 1, channel = $6
           WHERE assignment_id = $1 AND kind = $2 AND due_date = $3::date AND recipient = $4 AND event_id = $5 AND status = 'pending'
           RETURNING attempts)
         SELECT attempts FROM claimed`,
        [...key, channel],
      );
      if (claimed.length === 0) continue;
      try {
        if (channel === 'email') await this.sendMail(row);
        else await this.postWebhook(row);
        await this.dataSource.query(
          `UPDATE ${NOTIFICATION_TABLE} SET status = 'sent', sent_at = $6, last_error = NULL
           WHERE assignment_id = $1 AND kind = $2 AND due_date = $3::date AND recipient = $4 AND event_id = $5`,
          [...key, this.clock.now().toISOString()],
        );
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const failed = attempts >= this.config.assignments.outboxMaxAttempts;
        const retryAt = new Date(this.clock.now().getTime() + this.config.assignments.outboxRetryBaseMs * 2 ** (attempts - 1));
        await this.dataSource.query(
          `UPDATE ${NOTIFICATION_TABLE} SET status = $6, next_attempt_at = $7, last_error = $8
           WHERE assignment_id = $1 AND kind = $2 AND due_date = $3::date AND recipient = $4 AND event_id = $5`,
          [...key, failed ? 'failed' : 'pending', retryAt.toISOString(), String((error as Error).message).slice(0, 1000)],
        );
        this.logger.warn(`Reminder ${row.kind} for assignment ${row.assignment_id} not delivered (attempt ${attempts}): ${(error as Error).message}`);
      }
    }
    return sent;
  }

  private async sendMail(row: NotificationRow): Promise<void> {
    this.mailer ??= createTransport(this.config.assignments.smtpUrl);
    const { title, dueDate } = row.payload;
    await this.mailer.sendMail({
      from: this.config.assignments.mailFrom,
      to: row.email as string,
      subject: `${SUBJECTS[row.kind]}: ${title}`,
      text: [`${SUBJECTS[row.kind]}: ${title}`, `Att leverera senast ${dueDate}.`, `Uppdrag ${row.assignment_id}.`].join('\n'),
      headers: { 'X-Fragespar-Notification': [row.assignment_id, row.kind, row.due_date, row.recipient, row.event_id].join(':') },
    });
  }

  private async postWebhook(row: NotificationRow): Promise<void> {
    const response = await fetch(this.config.assignments.webhookUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...row.payload, recipient: row.recipient, eventId: row.event_id || null }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Webhook answered ${response.status}`);
  }
}
