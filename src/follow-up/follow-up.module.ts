import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { FollowUpAsOfQueries } from './follow-up-as-of.queries';
import { FollowUpHistoryCovering1764000002180 } from './follow-up-history-covering.migration';
import { FollowUpHistory1764000002170 } from './follow-up-history.migration';
import { followUpHistoryProjection } from './follow-up-history.projection';
import { FollowUpOwnProjection1764000002300 } from './follow-up-own-projection.migration';
import { FollowUpPages1764000001400 } from './follow-up-pages.migration';
import { followUpProjection } from './follow-up.projection';
import { FollowUpController } from './follow-up.controller';
import { FollowUpQueries } from './follow-up.queries';

/**
 * GET /organisations/:id/follow-up and GET /follow-up, read from the
 * `follow-up` projection's tables (and the question list's rows); with
 * ?asOf=, from `follow-up-history`. Both projections are declared here with
 * their migrations.
 */
@Module({
  controllers: [FollowUpController],
  providers: [
    FollowUpQueries,
    FollowUpAsOfQueries,
    registerProjections('follow-up', [followUpProjection, followUpHistoryProjection]),
    registerMigrations('follow-up', [
      FollowUpPages1764000001400,
      FollowUpHistory1764000002170,
      FollowUpHistoryCovering1764000002180,
      FollowUpOwnProjection1764000002300,
    ]),
  ],
})
export class FollowUpModule {}
