import { Module } from '@nestjs/common';
import { declaredProviders } from '../wiring/slice-declarations';
import { TIME_TRAVEL_DECLARATIONS } from './time-travel.declarations';

/**
 * Time travel: a question as it stood at a point in its past (question-at.ts),
 * folded from the latest snapshot the `question-snapshots` projection keeps
 * (declared with its table's migrations in time-travel.declarations.ts). The
 * routes that look into the past (GET /questions/:id?asOf=, the pages) read
 * through `contract.ts`.
 */
@Module({
  providers: [...declaredProviders(TIME_TRAVEL_DECLARATIONS)],
})
export class TimeTravelModule {}
