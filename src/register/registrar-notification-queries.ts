import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { REGISTRAR_NOTIFICATION_TABLE, RegistrarNotificationKind } from './registrar-notifications.projection';

/** One word to an organisation's registrar: what, about which question, by when, to whom, and whether and when it went. */
export interface RegistrarNotificationItem {
  kind: RegistrarNotificationKind;
  questionId: string;
  what: string;
  dueBy: string;
  registrar: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  createdAt: string;
  sentAt?: string;
}

/** What an organisation's registrars were told and when, newest first: the same answer for the API and the organisation's web page. */
@Injectable()
export class RegistrarNotificationQueries {
  constructor(@Inject(READ_SQL) private readonly sql: ReadSql) {}

  async forOrganisation(organisationId: string): Promise<RegistrarNotificationItem[]> {
    const rows = await this.sql.query<
      Array<{
        kind: RegistrarNotificationKind;
        question_id: string;
        payload: { what: string; dueBy: string; registrar: string };
        status: RegistrarNotificationItem['status'];
        created_at: Date;
        sent_at: Date | null;
      }>
    >(
      `SELECT kind, question_id, payload, status, created_at, sent_at FROM ${REGISTRAR_NOTIFICATION_TABLE}
       WHERE organisation_id = $1 ORDER BY created_at DESC, kind LIMIT 500`,
      [organisationId],
    );
    return rows.map((row) => ({
      kind: row.kind,
      questionId: row.question_id,
      what: row.payload.what,
      dueBy: row.payload.dueBy,
      registrar: row.payload.registrar,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.sent_at ? { sentAt: new Date(row.sent_at).toISOString() } : {}),
    }));
  }
}
