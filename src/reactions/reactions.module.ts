import { DynamicModule, Global, Module } from '@nestjs/common';
import { REACTION_FACTORIES, ReactionFactory } from './reaction';
import { ReactionsService } from './reactions.service';

/** The reactions (process managers) that take the second step of a move across aggregates. It is handed those the modules declare (`registerReactions`). */
@Global()
@Module({})
export class ReactionsModule {
  static register(factories: readonly ReactionFactory[]): DynamicModule {
    return {
      module: ReactionsModule,
      providers: [{ provide: REACTION_FACTORIES, useValue: factories }, ReactionsService],
      exports: [ReactionsService],
    };
  }
}
