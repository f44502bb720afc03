import { Inject, Injectable } from '@nestjs/common';
import { foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { STRUCTURE_ID, registerDecider } from './register.aggregate';
import { REGISTER_TABLE } from './register.projection';
import { endedForumsOf, isEmpty, isMemberOn, type StructureState } from './register.state';
import type { StructureFacts } from '../command-handling/decider';
import { forumNamesOn, knowsWorkingGroupMembers, workingGroupMembersOn } from './structure-as-of';

/** The register's stream folded: what a tool without the application (the importer) reads the structure from. */
export async function structureIn(store: EventStore): Promise<StructureState> {
  return foldEvents(registerDecider, await store.readStream(streamIdOf(registerDecider, STRUCTURE_ID)));
}

/** What other slices' rules read from the register (StructureFacts); undefined while it is empty, when they check nothing. */
export function structureFactsOf(state: StructureState): StructureFacts | undefined {
  if (isEmpty(state)) return undefined;
  return {
    endedForums: endedForumsOf(state),
    organisations: Object.fromEntries(Object.values(state.organisations).map(({ id, kind }) => [id, { kind }])),
    forums: Object.keys(state.forums),
    forumNames: Object.fromEntries(Object.values(state.forums).map((forum) => [forum.id, forum.versions[forum.versions.length - 1].nameSv])),
  };
}

/**
 * The register as other slices' rules read it, folded from its stream (not a
 * read model that may lag): a command checked against the structure sees every
 * structural change stored before it. The register is small (a few hundred
 * events), so a fold per checked command is cheap.
 *
 * An empty register (no organisation in it) switches the checks off, so a
 * database from before the register, or one nobody has loaded a structure
 * into, keeps working as before (docs/structure.md).
 */
@Injectable()
export class RegisterReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SQL) private readonly sql: ReadSql,
  ) {}

  async structure(): Promise<StructureState> {
    return structureIn(this.store);
  }

  /** The structure as the `register` read model holds it: for views (names on a date), not for rules. */
  async fromReadModel(): Promise<StructureState> {
    const [row] = await this.sql.query<Array<{ state: StructureState }>>(`SELECT state FROM ${REGISTER_TABLE} WHERE structure_id = $1`, [STRUCTURE_ID]);
    return row?.state ?? registerDecider.initialState();
  }

  /**
   * What the question's rules read from the register (docs/structure.md): the
   * forums merged or discontinued, with the day each ended. Folded from the
   * stream, like the other rules' facts; undefined while the register is empty.
   */
  async structureFacts(): Promise<StructureFacts | undefined> {
    return structureFactsOf(await this.structure());
  }

  /** The forums the register has ended, from the read model: what the lists flag questions to be moved by. */
  async endedForums(): Promise<ReturnType<typeof endedForumsOf>> {
    return endedForumsOf(await this.fromReadModel());
  }

  /**
   * The forums' names on any date, and today's, from the read model: what the
   * timeline and the dossier name forums by (as they were named then, with
   * today's name beside). Undefined while the register is empty: the reference
   * data's names are used as before.
   */
  async forumNaming(today: string): Promise<{ namesOn: (forumId: string, date: string) => { sv: string; en: string } | undefined; today: string } | undefined> {
    const structure = await this.fromReadModel();
    if (isEmpty(structure)) return undefined;
    return { namesOn: (forumId, date) => forumNamesOn(structure, forumId, date), today };
  }

  /** Refuses (422 `organisation-not-a-member`) organisations that are not members on the date. */
  async requireMembers(organisationIds: readonly string[], date: string): Promise<void> {
    const state = await this.structure();
    if (isEmpty(state)) return;
    const outside = organisationIds.filter((id) => !isMemberOn(state, id, date));
    if (outside.length > 0) {
      throw new DomainRuleViolation(
        'organisation-not-a-member',
        `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not a member organisation on ${date} (see GET /register?asOf=${date})`,
      );
    }
  }

  /**
   * Refuses (422 `responsible-not-working-group-member`) a responsible person
   * who is not a member of the working group on the date. Skipped until the
   * register names anyone as a working-group member.
   */
  async requireWorkingGroupMember(userId: string, date: string): Promise<void> {
    const state = await this.structure();
    if (isEmpty(state) || !knowsWorkingGroupMembers(state)) return;
    if (!workingGroupMembersOn(state, date).includes(userId)) {
      throw new DomainRuleViolation(
        'responsible-not-working-group-member',
        `Assignments go to members of the working group; ${userId} is not one on ${date} (see GET /register?asOf=${date})`,
      );
    }
  }
}
