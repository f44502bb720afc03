import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { declaredProviders } from '../wiring/slice-declarations';
import { FollowUpAsOfQueries } from './follow-up-as-of.queries';
import { FOLLOW_UP_DECLARATIONS } from './follow-up.declarations';
import { FollowUpController } from './follow-up.controller';
import { FollowUpQueries } from './follow-up.queries';

/**
 * GET /organisations/:id/follow-up and GET /follow-up, read from the
 * `follow-up` projection's own tables (a question's stage and what the grid
 * shows of it are in rm_follow_up_question); with ?asOf=, from
 * `follow-up-history`, with ?inEffectOn=, from `follow-up-history` and
 * `follow-up-effective-history` (which keeps the questions whose effective
 * history differs from the recorded one).
 * All three are declared with their migrations in follow-up.declarations.ts.
 */
@Module({
  imports: [RegisterModule],
  controllers: [FollowUpController],
  providers: [FollowUpQueries, FollowUpAsOfQueries, ...declaredProviders(FOLLOW_UP_DECLARATIONS)],
})
export class FollowUpModule {}
