import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { questionDecider } from './question.aggregate';
import { QuestionCommand } from './question.commands';

/** One bus command carries any question command: the decider, not the bus, tells them apart. */
export class ExecuteQuestionCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: QuestionCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(ExecuteQuestionCommand)
export class ExecuteQuestionCommandHandler implements ICommandHandler<ExecuteQuestionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ command, envelope }: ExecuteQuestionCommand): Promise<CommandOutcome> {
    const reason = 'reason' in command.data ? command.data.reason : undefined;
    return executeWithDecider(this.store, this.clock, questionDecider, command.data.questionId, command, envelope, reason);
  }
}
