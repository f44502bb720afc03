import { Module } from '@nestjs/common';
import { OutstandingLogController } from './outstanding-log.controller';
import { OutstandingLogQueries } from './outstanding-log.queries';

/** GET /log, read from the question-views read model. */
@Module({
  controllers: [OutstandingLogController],
  providers: [OutstandingLogQueries],
})
export class OutstandingLogModule {}
