import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { FollowUpAsOfQueries } from './follow-up-as-of.queries';
import { FollowUpHistoryCovering1764000002180 } from './follow-up-history-covering.migration';
import { FollowUpHistory1764000002170 } from './follow-up-history.migration';
import { followUpHistoryProjection } from './follow-up-history.projection';
import { FollowUpController } from './follow-up.controller';
import { FollowUpQueries } from './follow-up.queries';

/**
 * GET /organisations/:id/follow-up and GET /follow-up, read from the tables of
 * the question list's `question-views`; with ?asOf=, from this slice's own
 * `follow-up-history` projection, declared here with its migration.
 */
@Module({
  controllers: [FollowUpController],
  providers: [
    FollowUpQueries,
    FollowUpAsOfQueries,
    registerProjections('follow-up', [followUpHistoryProjection]),
    registerMigrations('follow-up', [FollowUpHistory1764000002170, FollowUpHistoryCovering1764000002180]),
  ],
})
export class FollowUpModule {}
