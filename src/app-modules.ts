import { AssignmentsModule } from './assignments/assignments.module';
import { AuditModule } from './audit/audit.module';
import { MIGRATIONS, inMigrationOrder } from './database/migrations';
import { PostgresSchemaModule } from './event-store/postgres/postgres-schema.module';
import { FollowUpModule } from './follow-up/follow-up.module';
import { IdempotencyModule } from './http/idempotency/idempotency.module';
import { ImportModule } from './import/import.module';
import { MeetingsModule } from './meetings/meetings.module';
import { OUTBOXES } from './outbox/outbox';
import { OutstandingLogModule } from './outstanding-log/outstanding-log.module';
import { PROJECTIONS } from './projections/projection';
import { ProjectionsModule } from './projections/projections.module';
import { QuestionListModule } from './question-list/question-list.module';
import { QuestionsModule } from './questions/questions.module';
import { REACTIONS } from './reactions/reaction';
import { RegisterModule } from './register/register.module';
import { TimeTravelModule } from './time-travel/time-travel.module';
import { WebModule } from './web/web.module';
import { contributionsTo } from './wiring/contributions';

/**
 * The modules the application is made of. Each declares in its own module
 * what it brings to the mechanics — migrations, projections, reactions
 * (src/wiring/contributions.ts) — and the lists below are read from them, so
 * adding a view touches its own folder and, once, this list of modules.
 * The migrations and projections are also listed, without the modules, in
 * src/app-declarations.ts for the command-line tools; its spec holds the two
 * lists equal.
 */
export const FEATURE_MODULES = [
  IdempotencyModule,
  RegisterModule,
  QuestionsModule,
  QuestionListModule,
  TimeTravelModule,
  OutstandingLogModule,
  FollowUpModule,
  AuditModule,
  ImportModule,
  AssignmentsModule,
  MeetingsModule,
  WebModule,
];

/** Every migration: the event store's, the projection engine's and the modules', in the order they run (the timestamp in each name). */
export const APP_MIGRATIONS = inMigrationOrder(contributionsTo(MIGRATIONS, [PostgresSchemaModule, ProjectionsModule, ...FEATURE_MODULES]));

/** Every projection the engine runs. */
export const APP_PROJECTIONS = contributionsTo(PROJECTIONS, FEATURE_MODULES);

/** Every reaction the reaction runner runs. */
export const APP_REACTIONS = contributionsTo(REACTIONS, FEATURE_MODULES);

/** Every outbox, for the metrics. */
export const APP_OUTBOXES = contributionsTo(OUTBOXES, FEATURE_MODULES);
