import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config';
import { isConnectionLoss } from '../database/connection-loss';
import type { Clock } from '../shared-kernel/clock';
import { contribute, contributionKind } from '../wiring/contributions';

/**
 * An outbox table, as every slice that sends word keeps one: its own key
 * columns, then the columns this mechanic reads and writes —
 * `email text` (the recipient's address; null: webhook only), `payload jsonb`
 * (what a webhook is posted), `created_at timestamptz`, `status text`
 * (pending → sending → sent; back to pending after a failure; failed after
 * the last attempt), `attempts integer`, `next_attempt_at timestamptz`,
 * `channel text`, `sent_at timestamptz`, `last_error text`, and the claim:
 * `lease_owner text`, `lease_until timestamptz`.
 */
/** The states a row is counted in by `fragespar_outbox_notifications` (docs/operations.md). */
export const OUTBOX_STATES = ['pending', 'sending', 'failed'] as const;

/** The columns every outbox row carries besides its key, as the mechanic reads them. */
export interface OutboxRow {
  email: string | null;
  payload: object;
  attempts: number;
}

/** An e-mail, as a slice words it. */
export interface OutboxMail {
  subject: string;
  text: string;
}

/** What a slice tells the mechanic about its outbox: where the rows are and what each one says. */
export interface OutboxKind<Row extends OutboxRow> {
  /** The `outbox` label of `fragespar_outbox_notifications`, and the name in log lines. */
  name: string;
  table: string;
  /** The key columns, in order; also the `X-Fragespar-Notification` header of an e-mail (joined by `:`). */
  key: readonly (keyof Row & string)[];
  /** The SELECT list that reads a row (key columns as text, `email`, `payload`, `attempts`, and what `mail` needs). */
  select: string;
  mail(row: Row): OutboxMail;
  /** The JSON body posted to WEBHOOK_URL. */
  webhook(row: Row): object;
  /** The row in a log line. */
  describe(row: Row): string;
}

/** An outbox as the metrics read it: its label and table. */
export interface OutboxTable {
  name: string;
  table: string;
}

/** The outboxes the application has: each slice that keeps one declares it with `registerOutbox`. */
export const OUTBOXES = contributionKind<OutboxTable>('outboxes');

export function registerOutbox(owner: string, outbox: OutboxTable) {
  return contribute(OUTBOXES, owner, [outbox]);
}

/** Injection token of the outboxes' list (src/app-modules.ts gathers it). */
export const RUN_OUTBOXES = Symbol('RUN_OUTBOXES');

/** A database to query: TypeORM's DataSource and EntityManager both are one. */
export interface OutboxDatabase {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const CLAIM_BATCH = 20;
/** Marks after a send that meet a lost session are tried again on a new one, this many times. */
const MARK_ATTEMPTS = 6;

/**
 * The delivery mechanic every outbox shares: claim, send, record, retry.
 *
 * - **Claim with a lease.** A round claims up to 20 due rows in one statement
 *   (`FOR UPDATE SKIP LOCKED`, so two instances never claim the same row),
 *   writing its owner id and a lease (`OUTBOX_LEASE_MS`). The rows stay
 *   `pending`: nothing has left yet. An instance that dies holding claims
 *   leaves them to be claimed again when the lease runs out; one that stops
 *   gives them back at once.
 * - **Never twice.** Right before a row is handed to the mail server or the
 *   webhook it is flipped pending → sending, only while the claim is still
 *   this instance's; after the send it is marked `sent`. A crash between the
 *   two leaves it `sending` for an operator (the "e-mail stuck" alert): it
 *   might have gone out, so it is never sent again.
 * - **Retry with backoff.** A failed send puts the row back to pending after
 *   OUTBOX_RETRY_BASE_MS × 2^(attempts − 1), up to OUTBOX_MAX_ATTEMPTS, then
 *   `failed`.
 * - **A lost database session** (an operator's `pg_terminate_backend`, a
 *   failover) fails the round's current statement, not the outbox: the mark
 *   after a send is tried again on a new session, so what went out is
 *   recorded as sent; the next round starts over.
 * - **Channels.** E-mail (SMTP_URL) when the row has an address, else the
 *   webhook (WEBHOOK_URL); a row neither can reach stays pending, unclaimed.
 *
 * `sweep` is the slice's own step before each delivery (reminders that fall
 * due by the clock); it inserts rows idempotently by their key.
 */
export class Outbox<Row extends OutboxRow> {
  private readonly logger: Logger;
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  /** Rounds and deliveries run one after another, never side by side. */
  private chain: Promise<unknown> = Promise.resolve();
  private nextTick: Promise<void> | undefined;
  private mailer: Transporter | undefined;

  constructor(
    private readonly kind: OutboxKind<Row>,
    private readonly database: OutboxDatabase,
    private readonly clock: Clock,
    private readonly settings: AppConfig['outbox'],
    private readonly sweep: () => Promise<unknown> = async () => undefined,
  ) {
    this.logger = new Logger(`Outbox(${kind.name})`);
  }

  /** Runs a round every `pollMs` (0: never; the rounds are then run by hand, as the tests do). */
  start(pollMs: number): void {
    if (pollMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), pollMs);
    this.timer.unref();
  }

  /** Stops the timer, waits for the round under way, and gives back the claims not yet sent. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.chain;
    await this.database
      .query(`UPDATE ${this.kind.table} SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 AND status = 'pending'`, [this.owner])
      .catch(() => undefined);
    this.mailer?.close();
  }

  /** One round: the sweep, then delivery. A round asked for while one waits is that one; a failing round is logged and the next starts over. */
  tick(): Promise<void> {
    this.nextTick ??= this.serially(async () => {
      this.nextTick = undefined;
      try {
        await this.sweep();
        await this.deliverOnce();
      } catch (error) {
        this.logger.error(`Outbox round failed: ${(error as Error).message}`);
      }
    });
    return this.nextTick;
  }

  /** Delivers what is pending and due for an attempt (no sweep), after any round under way. Returns how many were sent. */
  deliver(): Promise<number> {
    return this.serially(() => this.deliverOnce());
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async deliverOnce(): Promise<number> {
    const { smtpUrl, webhookUrl } = this.settings;
    if (!smtpUrl && !webhookUrl) return 0;
    let sent = 0;
    for (;;) {
      const claimed = await this.claim(Boolean(webhookUrl));
      for (const row of claimed) if (await this.send(row)) sent++;
      if (claimed.length < CLAIM_BATCH) return sent;
    }
  }

  /** Claims due rows for this instance, as many as one batch; rows no channel can reach are left alone. */
  private async claim(webhook: boolean): Promise<Row[]> {
    const { table, key, select } = this.kind;
    const now = this.clock.now();
    // Without a webhook only rows with an address can go (by e-mail); without SMTP every row goes by webhook.
    const reachable = webhook ? '' : 'AND email IS NOT NULL';
    const due = `status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) ${reachable}`;
    const keys = key.join(', ');
    return (await this.database.query(
      `WITH due AS (SELECT ${keys} FROM ${table} WHERE ${due} ORDER BY created_at, ${keys} LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED),
            claimed AS (
              UPDATE ${table} SET lease_owner = $2, lease_until = $3
              WHERE (${keys}) IN (SELECT ${keys} FROM due) AND ${due}
              RETURNING *)
       SELECT ${select} FROM claimed ORDER BY created_at, ${keys}`,
      [now.toISOString(), this.owner, new Date(now.getTime() + this.settings.leaseMs).toISOString()],
    )) as Row[];
  }

  /** Hands one claimed row to its channel and records the outcome. True when it was sent. */
  private async send(row: Row): Promise<boolean> {
    const channel = this.settings.smtpUrl && row.email ? 'email' : 'webhook';
    const keyValues = this.kind.key.map((column) => row[column]);
    const where = this.kind.key.map((column, i) => `${column} = $${i + 1}`).join(' AND ');
    const n = keyValues.length;
    const handedOver = (await this.database.query(
      `WITH handed AS (
         UPDATE ${this.kind.table} SET status = 'sending', attempts = attempts + 1, channel = $${n + 2}, lease_until = NULL
         WHERE ${where} AND status = 'pending' AND lease_owner = $${n + 1} RETURNING 1)
       SELECT * FROM handed`,
      [...keyValues, this.owner, channel],
    )) as unknown[];
    // The claim ran out and another instance holds the row now: it is theirs to send.
    if (handedOver.length === 0) return false;
    try {
      if (channel === 'email') await this.sendMail(row, keyValues.join(':'));
      else await this.postWebhook(row);
    } catch (error) {
      const attempts = row.attempts + 1;
      const failed = attempts >= this.settings.maxAttempts;
      const retryAt = new Date(this.clock.now().getTime() + this.settings.retryBaseMs * 2 ** (attempts - 1));
      await this.afterSend(
        `UPDATE ${this.kind.table} SET status = $${n + 1}, next_attempt_at = $${n + 2}, last_error = $${n + 3}, lease_owner = NULL
         WHERE ${where} AND status = 'sending'`,
        [...keyValues, failed ? 'failed' : 'pending', retryAt.toISOString(), String((error as Error).message).slice(0, 1000)],
        row,
      );
      this.logger.warn(`${this.kind.describe(row)} not delivered (attempt ${attempts}): ${(error as Error).message}`);
      return false;
    }
    await this.afterSend(
      `UPDATE ${this.kind.table} SET status = 'sent', sent_at = $${n + 1}, last_error = NULL, lease_owner = NULL WHERE ${where} AND status = 'sending'`,
      [...keyValues, this.clock.now().toISOString()],
      row,
    );
    return true;
  }

  /** Records a send's outcome; a lost session is waited out on a new one, since the send cannot be taken back. */
  private async afterSend(sql: string, params: unknown[], row: Row): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.database.query(sql, params);
        return;
      } catch (error) {
        if (!isConnectionLoss(error) || attempt >= MARK_ATTEMPTS) {
          this.logger.error(`${this.kind.describe(row)}: its delivery could not be recorded; it stays "sending" for an operator: ${(error as Error).message}`);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  private async sendMail(row: Row, notification: string): Promise<void> {
    this.mailer ??= createTransport(this.settings.smtpUrl);
    const { subject, text } = this.kind.mail(row);
    await this.mailer.sendMail({
      from: this.settings.mailFrom,
      to: row.email as string,
      subject,
      text,
      headers: { 'X-Fragespar-Notification': notification },
    });
  }

  private async postWebhook(row: Row): Promise<void> {
    const response = await fetch(this.settings.webhookUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.kind.webhook(row)),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Webhook answered ${response.status}`);
  }
}
