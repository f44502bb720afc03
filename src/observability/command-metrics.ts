import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { Metrics } from './metrics';

const OUTCOME_BY_STATUS: Record<number, string> = { 400: 'invalid', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 422: 'refused' };

/**
 * Counts every command sent through the command bus (HTTP, the demo, scripts)
 * by its type and outcome. The outcome is read from the same mapping that
 * answers the request, so the metric and the HTTP status agree.
 */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const execute = this.commandBus.execute.bind(this.commandBus);
    this.commandBus.execute = (async (command: ICommand) => {
      const type = commandTypeOf(command);
      try {
        const result: unknown = await execute(command);
        this.metrics.commands.inc({ type, outcome: 'accepted' });
        return result;
      } catch (error) {
        const status = this.problems.toProblem(error).status;
        this.metrics.commands.inc({ type, outcome: OUTCOME_BY_STATUS[status] ?? (status >= 500 ? 'error' : `http-${status}`) });
        throw error;
      }
    }) as CommandBus['execute'];
  }
}

/** The bus commands carry a domain command (`{ type: 'RaiseQuestion', … }`): that type, else the bus command's class. */
function commandTypeOf(command: ICommand): string {
  const inner = (command as { command?: { type?: unknown } }).command;
  return typeof inner?.type === 'string' ? inner.type : command.constructor.name;
}
