import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { forEachPath } from '../projections/stream-states';
import { WriteStatement } from '../projections/write-statement';
import { questionIdOf, questionStreams } from '../questions/contract';
import { SNAPSHOT_TABLE, SnapshotRows, takesSnapshot } from './question-snapshots';

/** The projection that keeps the snapshots time travel starts from. */
export const QUESTION_SNAPSHOTS_PROJECTION = 'question-snapshots';

/**
 * `question-snapshots`: a question's folded state after every SNAPSHOT_EVERY
 * events (rm_question_snapshot), with the hash of that event and the latest
 * `occurredAt` up to it, so time travel on a long question folds at most that
 * many events (question-at.ts).
 */
export const questionSnapshotsProjection: Projection = {
  name: QUESTION_SNAPSHOTS_PROJECTION,
  tables: [SNAPSHOT_TABLE],
  handles: questionStreams.follows,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<SnapshotRows> {
    const snapshots = new SnapshotRows();
    // Only the questions whose batch reaches a snapshot's revision are folded.
    const reaching = new Set(events.filter((event) => takesSnapshot(event.revision) && questionStreams.follows(event)).map((event) => event.streamId));
    if (reaching.size === 0) return snapshots;
    const theirs = events.filter((event) => reaching.has(event.streamId));
    await forEachPath(questionStreams, theirs, context, (path) => {
      path.events.forEach((event, index) => {
        const folded = path.states[index];
        if (takesSnapshot(event.revision)) snapshots.add(questionIdOf(path), event.revision, folded.maxOccurredAt!, event.hash, folded.state);
      });
    });
    snapshots.seal();
    return snapshots;
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const snapshots = context.prepared as SnapshotRows | undefined;
  if (!snapshots) throw new Error('question-snapshots: writing needs what prepare planned');
  snapshots.addTo(statement, context);
}
