import { toDomainEvent } from '../../command-handling/execute-with-decider';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../../projections/projection';
import { questionDecider } from '../question.aggregate';
import { isQuestionEvent, questionIdOf } from './question-views.projection';

export const TIMELINE_TABLE = 'rm_timeline_entry';

/**
 * `question-timeline`: one row per question event, in stream order, with who
 * (the actor), when and why. Stored as facts; the readable label and sentence
 * are rendered when read, in the reader's language (question-timeline.ts).
 * Append-only: one insert per batch.
 */
export const questionTimelineProjection: Projection = {
  name: 'question-timeline',
  tables: [TIMELINE_TABLE],

  handles: isQuestionEvent,

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const rows = events.filter(isQuestionEvent).map((event) => ({
      question_id: questionIdOf(event),
      revision: event.revision,
      event_id: event.id,
      type: event.type,
      schema_version: event.schemaVersion,
      occurred_at: event.metadata.occurredAt,
      actor: event.metadata.actor,
      reason: event.metadata.reason ?? null,
      correlation_id: event.metadata.correlationId,
      // In the current shape (upcast), so rendering knows one shape per type.
      data: toDomainEvent(questionDecider, event).data,
    }));
    if (rows.length === 0) return;
    await context.manager.query(
      `INSERT INTO ${context.table(TIMELINE_TABLE)}
         (question_id, revision, event_id, type, schema_version, occurred_at, actor, reason, correlation_id, data)
       SELECT question_id, revision, event_id, type, schema_version, occurred_at, actor, reason, correlation_id, data
       FROM jsonb_to_recordset($1::jsonb) AS x(question_id text, revision integer, event_id uuid, type text, schema_version integer,
         occurred_at timestamptz, actor jsonb, reason text, correlation_id text, data jsonb)`,
      [JSON.stringify(rows)],
    );
  },
};
