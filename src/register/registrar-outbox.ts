import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { REGISTRAR_NOTIFICATION_TABLE, RegistrarNotice, RegistrarNotificationKind } from './registrar-notifications.projection';

interface Row {
  organisation_id: string;
  person_id: string;
  event_id: string;
  kind: RegistrarNotificationKind;
  question_id: string;
  email: string | null;
  payload: RegistrarNotice & { registrar: string };
  attempts: number;
}

const SUBJECTS: Record<RegistrarNotificationKind, string> = {
  'decision-owed': 'Beslut att fatta',
  'consultation-sent': 'Remiss att besvara',
};

/**
 * Delivers the registrars' outbox (registrar_notification) by e-mail through
 * SMTP_URL, on the same timer and with the same guarantees as the assignment
 * reminders (assignment-outbox.ts): a row is claimed (pending → sending)
 * before it is sent and marked sent afterwards, so it is sent at most once,
 * also by two instances; a failure is retried with a doubled delay up to
 * OUTBOX_MAX_ATTEMPTS, then `failed`. A registrar without an e-mail address is
 * left pending: the organisation's page shows it as not sent.
 */
@Injectable()
export class RegistrarOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RegistrarOutbox.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private mailer: Transporter | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { outboxPollMs } = this.config.assignments;
    if (outboxPollMs <= 0) return;
    this.timer = setInterval(() => void this.deliver().catch((error: Error) => this.logger.error(`Registrar outbox failed: ${error.message}`)), outboxPollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.mailer?.close();
  }

  /** Sends what is pending and due for an attempt; rounds never overlap. Returns how many were sent. */
  deliver(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    if (!this.config.assignments.smtpUrl) return 0;
    const due: Row[] = await this.dataSource.query(
      `SELECT organisation_id, person_id, event_id, kind, question_id, email, payload, attempts FROM ${REGISTRAR_NOTIFICATION_TABLE}
       WHERE status = 'pending' AND email IS NOT NULL AND next_attempt_at <= $1 ORDER BY created_at, organisation_id LIMIT 100`,
      [this.clock.now().toISOString()],
    );
    let sent = 0;
    for (const row of due) {
      const key = [row.organisation_id, row.person_id, row.event_id];
      const where = `organisation_id = $1 AND person_id = $2 AND event_id = $3`;
      const claimed: unknown[] = await this.dataSource.query(
        `WITH claimed AS (UPDATE ${REGISTRAR_NOTIFICATION_TABLE} SET status = 'sending', attempts = attempts + 1 WHERE ${where} AND status = 'pending' RETURNING 1)
         SELECT * FROM claimed`,
        key,
      );
      if (claimed.length === 0) continue;
      try {
        await this.sendMail(row);
        await this.dataSource.query(`UPDATE ${REGISTRAR_NOTIFICATION_TABLE} SET status = 'sent', sent_at = $4, last_error = NULL WHERE ${where}`, [
          ...key,
          this.clock.now().toISOString(),
        ]);
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const failed = attempts >= this.config.assignments.outboxMaxAttempts;
        const retryAt = new Date(this.clock.now().getTime() + this.config.assignments.outboxRetryBaseMs * 2 ** (attempts - 1));
        await this.dataSource.query(`UPDATE ${REGISTRAR_NOTIFICATION_TABLE} SET status = $4, next_attempt_at = $5, last_error = $6 WHERE ${where}`, [
          ...key,
          failed ? 'failed' : 'pending',
          retryAt.toISOString(),
          String((error as Error).message).slice(0, 1000),
        ]);
        this.logger.warn(`Word to ${row.organisation_id}'s registrar not delivered (attempt ${attempts}): ${(error as Error).message}`);
      }
    }
    return sent;
  }

  private async sendMail(row: Row): Promise<void> {
    this.mailer ??= createTransport(this.config.assignments.smtpUrl);
    const link = `${this.config.publicBaseUrl}/web/questions/${row.question_id}`;
    const asked =
      row.kind === 'decision-owed'
        ? `Ordföranderådets ställningstagande ska beslutas i er organisation senast ${row.payload.dueBy}.`
        : `Remissen ska besvaras senast ${row.payload.dueBy}.`;
    await this.mailer.sendMail({
      from: this.config.assignments.mailFrom,
      to: row.email as string,
      subject: `${SUBJECTS[row.kind]}: ${row.payload.what.slice(0, 120)}`,
      text: [`Till ${row.payload.registrar}, registrator.`, '', row.payload.what, '', asked, `Frågan: ${link}`].join('\n'),
      headers: { 'X-Fragespar-Notification': [row.organisation_id, row.person_id, row.event_id].join(':') },
    });
  }
}
