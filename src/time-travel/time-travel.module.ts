import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { QuestionSnapshotsOwnProjection1764000002320 } from './question-snapshots-own-projection.migration';
import { QuestionSnapshots1764000001600 } from './question-snapshots.migration';
import { questionSnapshotsProjection } from './question-snapshots.projection';

/**
 * Time travel: a question as it stood at a point in its past (question-at.ts),
 * folded from the latest snapshot the `question-snapshots` projection keeps;
 * the projection and the migrations of its table are declared here. The
 * routes that look into the past (GET /questions/:id?asOf=, the pages) read
 * through `contract.ts`.
 */
@Module({
  providers: [
    registerProjections('time-travel', [questionSnapshotsProjection]),
    registerMigrations('time-travel', [QuestionSnapshots1764000001600, QuestionSnapshotsOwnProjection1764000002320]),
  ],
})
export class TimeTravelModule {}
