import { toDomainEvent } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../projections/projection';
import { registerDecider } from './register.aggregate';
import { isRegisterEventType, type RegisterEvent } from './register.events';
import type { StructureState } from './register.state';

export const REGISTER_TABLE = 'rm_register';

export function isRegisterEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${registerDecider.streamPrefix}-`) && isRegisterEventType(event.type);
}

/** `register`: the folded structure, per register stream. Deterministic: evolved from the stored row with the events alone. */
export const registerProjection: Projection = {
  name: 'register',
  tables: [REGISTER_TABLE],
  handles: isRegisterEvent,

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const table = context.table(REGISTER_TABLE);
    const folded = new Map<string, { state: StructureState; revision: number }>();
    for (const event of events.filter(isRegisterEvent)) {
      const id = event.streamId.slice(registerDecider.streamPrefix.length + 1);
      let current = folded.get(id);
      if (!current) {
        const [row] = (await context.manager.query(`SELECT state, revision FROM ${table} WHERE structure_id = $1`, [id])) as Array<{
          state: StructureState;
          revision: number;
        }>;
        current = row ?? { state: registerDecider.initialState(), revision: -1 };
      }
      const state = registerDecider.evolve(current.state, toDomainEvent(registerDecider, event) as RegisterEvent, {
        occurredAt: event.metadata.occurredAt,
        actor: event.metadata.actor,
      });
      folded.set(id, { state, revision: event.revision });
    }
    for (const [id, { state, revision }] of folded) {
      await context.manager.query(
        `INSERT INTO ${table} (structure_id, revision, state) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (structure_id) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state`,
        [id, revision, JSON.stringify(state)],
      );
    }
  },
};
