import { toDomainEvent } from '../command-handling/execute-with-decider';
import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { type StreamFold, forEachStep } from '../projections/stream-states';
import type { WriteStatement } from '../projections/write-statement';
import { registerDecider } from './register.decider';
import { isRegisterEventType, type RegisterEvent } from './register.events';
import type { StructureState } from './register.state';

export const REGISTER_TABLE = 'rm_register';

export function isRegisterEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${registerDecider.streamPrefix}-`) && isRegisterEventType(event.type);
}

/** The structure id of a register stream (`register-<id>`). */
export function structureIdOf(streamId: string): string {
  return streamId.slice(registerDecider.streamPrefix.length + 1);
}

/** How projections follow register streams: the decider's own `evolve`, with each event's own time and actor. */
export const registerStreams: StreamFold<StructureState> = {
  name: 'register',
  follows: isRegisterEvent,
  initial: () => registerDecider.initialState(),
  evolve: (state, event) =>
    registerDecider.evolve(state, toDomainEvent(registerDecider, event) as RegisterEvent, {
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
    }),
};

const REGISTER_COLUMNS = [
  ['structure_id', 'text'],
  ['revision', 'integer'],
  ['state', 'jsonb'],
] as const;

/**
 * `register`: the folded structure, per register stream. The same shape as
 * every projection: each stream a batch touches is folded in `prepare`
 * (stream-states.ts), and the rows are one upsert in the batch's statement.
 */
export const registerProjection: Projection = {
  name: 'register',
  tables: [REGISTER_TABLE],
  handles: isRegisterEvent,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<EncodedJson | null> {
    const rows: Array<{ structure_id: string; revision: number; state: StructureState }> = [];
    await forEachStep(registerStreams, events, context, ({ streamId, after }) => {
      rows.push({ structure_id: structureIdOf(streamId), revision: after.revision, state: after.state });
    });
    return EncodedJson.ofItems(rows);
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    const rows = context.prepared as EncodedJson | null | undefined;
    if (rows === undefined) throw new Error('register: writing needs what prepare planned');
    if (rows) statement.upsertRows('register_written', context.table(REGISTER_TABLE), rows, REGISTER_COLUMNS, ['structure_id']);
  },
};
