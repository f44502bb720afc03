import { Module } from '@nestjs/common';
import { FollowUpController } from './follow-up.controller';
import { FollowUpQueries } from './follow-up.queries';

/** GET /organisations/:id/follow-up and GET /follow-up, read from the question-views read model. */
@Module({
  controllers: [FollowUpController],
  providers: [FollowUpQueries],
})
export class FollowUpModule {}
