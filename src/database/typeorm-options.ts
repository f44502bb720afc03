import { DataSourceOptions } from 'typeorm';
import { AssignmentReadModels1764000000800 } from '../assignments/assignment-read-models.migration';
import { EventStoreHashChain1764000000700 } from '../event-store/postgres/event-store-hash-chain.migration';
import { EventStoreSchema1764000000000 } from '../event-store/postgres/event-store-schema.migration';
import { MeetingReadModels1764000001000 } from '../meetings/meeting-read-models.migration';
import { FollowUpHistory1764000002170 } from '../follow-up/follow-up-history.migration';
import { FollowUpHistoryCovering1764000002180 } from '../follow-up/follow-up-history-covering.migration';
import { FollowUpPages1764000001400 } from '../follow-up/follow-up-pages.migration';
import { FollowUpTally1764000001300 } from '../follow-up/follow-up-tally.migration';
import { OrganisationViews1764000001500 } from '../follow-up/organisation-views.migration';
import { OwedTally1764000002000 } from '../follow-up/owed-tally.migration';
import { IdempotencyKeys1764000000100 } from '../http/idempotency/idempotency-schema.migration';
import { IdempotencyKeysScoped1764000002170 } from '../http/idempotency/idempotency-scoped.migration';
import { ProjectionCheckpoints1764000000200 } from '../projections/checkpoints.migration';
import { QuestionReadModels1764000000300 } from '../questions/read-models/question-read-models.migration';
import { QuestionLogIndexes1764000001200 } from '../questions/read-models/question-log-indexes.migration';
import { QuestionJsonColumns1764000001900 } from '../questions/read-models/question-json-columns.migration';
import { QuestionListIndex1764000001700 } from '../questions/read-models/question-list-index.migration';
import { QuestionSnapshots1764000001600 } from '../questions/read-models/question-snapshots.migration';
import { QuestionViewsWithoutState1764000001100 } from '../questions/read-models/question-views-without-state.migration';
import { TimelineFromEventStore1764000001800 } from '../questions/read-models/timeline-from-event-store.migration';
import { Database } from './database';

/** Every migration, in order. Migrations run on start; `synchronize` is never used. */
export const MIGRATIONS = [
  EventStoreSchema1764000000000,
  IdempotencyKeys1764000000100,
  ProjectionCheckpoints1764000000200,
  QuestionReadModels1764000000300,
  EventStoreHashChain1764000000700,
  AssignmentReadModels1764000000800,
  MeetingReadModels1764000001000,
  QuestionViewsWithoutState1764000001100,
  QuestionLogIndexes1764000001200,
  FollowUpTally1764000001300,
  FollowUpPages1764000001400,
  OrganisationViews1764000001500,
  QuestionSnapshots1764000001600,
  QuestionListIndex1764000001700,
  TimelineFromEventStore1764000001800,
  QuestionJsonColumns1764000001900,
  OwedTally1764000002000,
  IdempotencyKeysScoped1764000002170,
  FollowUpHistory1764000002170,
  FollowUpHistoryCovering1764000002180,
];

/** Every TypeORM entity (read models and bookkeeping tables). */
export const ENTITIES: DataSourceOptions['entities'] = [];

export function typeOrmOptions(database: Database): DataSourceOptions {
  return {
    type: 'postgres',
    ...database.typeorm,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  } as DataSourceOptions;
}
