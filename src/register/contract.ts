/**
 * What the structure register publishes to other slices: the reader their
 * rules ask (is this organisation a member, is this person in the working
 * group, on a date), here, folded from the register's stream; and, from the
 * files that hold them, the structure for lists and names (the directory,
 * read from the read model), the structure as of a date, and what each
 * organisation's registrars were told.
 */
import { Inject, Injectable } from '@nestjs/common';
import { foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import type { StructureFacts } from '../command-handling/decider';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { EVENT_STORE, EventStore, type RecordedEvent } from '../event-store/event-store.port';
import type { StructureNames } from '../reference-data/organisations';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { endedForumsOf, isEmpty, isMemberOn, type StructureState } from './register.state';
import { knowsWorkingGroupMembers, workingGroupMembersOn } from './structure-as-of';
import { type ForumNaming, forumNamingOf, namesOf, structureFromReadModel } from './structure-directory';

/** The register's stream folded: what a tool without the application (the importer) reads the structure from. */
export async function structureIn(store: EventStore): Promise<StructureState> {
  return foldEvents(registerDecider, await store.readStream(streamIdOf(registerDecider, STRUCTURE_ID)));
}

/**
 * The register as other slices' rules read it, folded from its stream (not a
 * read model that may lag): a command checked against the structure sees every
 * structural change stored before it. The fold is kept between reads, and
 * each read folds on it only the events stored since (`structure`).
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

  /**
   * The latest fold, kept between commands: every question command checks the
   * structure, and re-reading and folding the whole register for each one was
   * a share of every command's time. Trusted only while the event it was
   * folded up to is still stored with the same hash (the read starts there and
   * checks it, as a question's snapshot is checked); otherwise folded anew.
   */
  private folded: { revision: number; hash: string; state: StructureState } | undefined;

  async structure(): Promise<StructureState> {
    const streamId = streamIdOf(registerDecider, STRUCTURE_ID);
    const kept = this.folded;
    if (kept) {
      const events = await this.store.readStream(streamId, { fromRevision: kept.revision });
      if (events[0]?.revision === kept.revision && events[0].hash === kept.hash)
        return this.keep(foldEvents(registerDecider, events.slice(1), kept.state), events);
    }
    const events = await this.store.readStream(streamId);
    return this.keep(foldEvents(registerDecider, events), events, true);
  }

  /** Keeps the newest fold; one from the first event replaces a fold that no longer matched. */
  private keep(state: StructureState, read: RecordedEvent[], fromTheStart = false): StructureState {
    const last = read.at(-1);
    if (!last) {
      if (fromTheStart) this.folded = undefined;
    } else if (fromTheStart || !this.folded || last.revision > this.folded.revision) {
      this.folded = { revision: last.revision, hash: last.hash, state };
    }
    return state;
  }

  /** The structure as the `register` read model holds it: for views (names on a date), not for rules. */
  async fromReadModel(): Promise<StructureState> {
    return structureFromReadModel(this.sql);
  }

  /**
   * What the question's rules read from the register (docs/structure.md): the
   * forums merged or discontinued, with the day each ended. Folded from the
   * stream, like the other rules' facts; undefined while the register is empty.
   */
  async structureFacts(): Promise<StructureFacts | undefined> {
    return structureFactsOf(await this.structure());
  }

  /**
   * The forums' names on any date, and today's, from the read model: what the
   * timeline and the dossier name forums by (as they were named then, with
   * today's name beside). Undefined while the register is empty: the reference
   * data's names are used as before.
   */
  async forumNaming(today: string): Promise<ForumNaming | undefined> {
    return forumNamingOf(await this.fromReadModel(), today);
  }

  /**
   * What a list of questions reads beside its rows, in one read of the read
   * model: the forums the register has ended (the lists flag questions to be
   * moved by them) and the names organisations and forums are shown by (the
   * register's, today's for a forum; undefined while the register is empty,
   * when the default data's names are used).
   */
  async listing(today: string): Promise<{ endedForums: ReturnType<typeof endedForumsOf>; names: StructureNames | undefined }> {
    const state = await this.fromReadModel();
    return { endedForums: endedForumsOf(state), names: namesOf(state, today) };
  }

  /** Refuses (422 `organisation-not-a-member`) organisations that are not members on the date. */
  async requireMembers(organisationIds: readonly string[], date: string): Promise<void> {
    requireMembers(await this.structure(), organisationIds, date);
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

/** The register's facts the deciders' rules read (RegisterReader.structureFacts), from a structure already folded. */
export function structureFactsOf(state: StructureState): StructureFacts | undefined {
  if (isEmpty(state)) return undefined;
  return {
    endedForums: endedForumsOf(state),
    organisations: Object.fromEntries(Object.values(state.organisations).map(({ id, kind }) => [id, { kind }])),
    forums: Object.keys(state.forums),
    forumNames: Object.fromEntries(Object.values(state.forums).map((forum) => [forum.id, forum.versions[forum.versions.length - 1].nameSv])),
  };
}

/** Refuses (422 `organisation-not-a-member`) organisations that are not members on the date, in a structure already folded. */
export function requireMembers(state: StructureState, organisationIds: readonly string[], date: string): void {
  if (isEmpty(state)) return;
  const outside = organisationIds.filter((id) => !isMemberOn(state, id, date));
  if (outside.length > 0) {
    throw new DomainRuleViolation(
      'organisation-not-a-member',
      `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not a member organisation on ${date} (see GET /register?asOf=${date})`,
    );
  }
}

/** Names of organisations and forums as views show them, and the forums' names on any date; undefined while the register is empty. */
export { type ForumNaming, namesOf, type StructureNames };
/** The organisations and forums for lists, names and paths: the register's, or the default data's while it is empty. */
export { StructureDirectory, forumsOf, organisationsOf, type DirectoryForum, type DirectoryOrganisation } from './structure-directory';
export { registerDecider } from './register.decider';
export { forumNameOn, forumNamesOn, structureAsOf, type StructureAsOf } from './structure-as-of';
export { isEmpty, isMemberOn, type StructureState } from './register.state';
export { RegistrarNotificationQueries, type RegistrarNotificationItem } from './registrar-notification-queries';
export { REGISTRAR_NOTIFICATION_KINDS, type RegistrarNotificationKind } from './registrar-notifications.projection';
/** The annual report on the structure (GET /reports/structure/:year and its page). */
export { StructureReports } from './structure-reports';
export { type StructureReport } from './structure-report';
export { registerProjection } from './register.projection';
export { StructureFileError, structureFileDirectory } from './structure-file';
/** What `npm run token` checks its options against: the register where it can be read, else the structure file. */
export { tokenDirectory, type TokenDirectory } from './token-directory';
