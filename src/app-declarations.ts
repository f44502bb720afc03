import { ASSIGNMENTS_DECLARATIONS } from './assignments/assignments.declarations';
import { inMigrationOrder } from './database/migrations';
import { EVENT_STORE_DECLARATIONS } from './event-store/postgres/postgres-schema.declarations';
import { FOLLOW_UP_DECLARATIONS } from './follow-up/follow-up.declarations';
import { IDEMPOTENCY_DECLARATIONS } from './http/idempotency/idempotency.declarations';
import { OUTSTANDING_LOG_DECLARATIONS } from './outstanding-log/outstanding-log.declarations';
import { MEETINGS_DECLARATIONS } from './meetings/meetings.declarations';
import { QUESTION_LIST_DECLARATIONS } from './question-list/question-list.declarations';
import { PROJECTIONS_DECLARATIONS } from './projections/projections.declarations';
import { REGISTER_DECLARATIONS } from './register/register.declarations';
import { TIME_TRAVEL_DECLARATIONS } from './time-travel/time-travel.declarations';
import type { SliceDeclarations } from './wiring/slice-declarations';

/**
 * The migrations and projections of the application, read from each slice's
 * `<slice>.declarations.ts` instead of from its Nest module, so that the
 * command-line tools (src/tool-context.ts: `audit:*`, `projections:rebuild`)
 * load no controller, Swagger or spreadsheet library to learn them. The
 * application reads the same files through its modules (src/app-modules.ts);
 * app-declarations.spec.ts holds the two lists equal, so a slice added to one
 * and not the other fails the unit tests.
 */
const DECLARATIONS: readonly SliceDeclarations[] = [
  EVENT_STORE_DECLARATIONS,
  PROJECTIONS_DECLARATIONS,
  IDEMPOTENCY_DECLARATIONS,
  REGISTER_DECLARATIONS,
  ASSIGNMENTS_DECLARATIONS,
  QUESTION_LIST_DECLARATIONS,
  TIME_TRAVEL_DECLARATIONS,
  OUTSTANDING_LOG_DECLARATIONS,
  FOLLOW_UP_DECLARATIONS,
  MEETINGS_DECLARATIONS,
];

/** Every migration, in the order they run. */
export const DECLARED_MIGRATIONS = inMigrationOrder(DECLARATIONS.flatMap((declarations) => declarations.migrations));

/** Every projection the engine runs, in the order the application registers them. */
export const DECLARED_PROJECTIONS = DECLARATIONS.flatMap((declarations) => declarations.projections);
