/**
 * What the question slice publishes to slices that issue its commands by
 * other means than HTTP (the import): the decider itself, the commands, and
 * which organisation a command is done for (for access control). Readers use
 * contract.ts instead. Everything else in the folder is the slice's own.
 */
export { questionDecider } from './question.aggregate';
export { organisationOf } from './execute-question-command';
export type { QuestionCommand } from './question.commands';
export type { QuestionRaiser } from './question.events';
