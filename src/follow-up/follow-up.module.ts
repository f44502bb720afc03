import { Module } from '@nestjs/common';
import { FollowUpAsOfQueries } from './follow-up-as-of.queries';
import { FollowUpController } from './follow-up.controller';
import { FollowUpQueries } from './follow-up.queries';

/**
 * GET /organisations/:id/follow-up and GET /follow-up, read from the question-views read model;
 * with ?asOf=, from follow-up-history (registered in src/follow-up/index.ts).
 */
@Module({
  controllers: [FollowUpController],
  providers: [FollowUpQueries, FollowUpAsOfQueries],
})
export class FollowUpModule {}
