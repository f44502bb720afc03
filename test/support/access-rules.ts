/**
 * Loads every slice's access rules into the matrix (src/auth/access-policy.ts),
 * for what reads the whole matrix without starting the app: the tests that
 * hold it to docs/access.md. Each slice's command rules are written in its
 * command handler (`execute-*-command.ts`), which registers them when loaded;
 * the app loads them with the slice itself (its controllers and published
 * write side import the handlers).
 */
import '../../src/questions/execute-question-command';
import '../../src/assignments/execute-assignment-command';
import '../../src/meetings/execute-meeting-command';
import '../../src/meetings/execute-year-wheel-command';
import '../../src/register/execute-register-command';
