/**
 * Loads every slice's access rules into the matrix (src/auth/access-policy.ts),
 * for what reads the whole matrix without starting the app: the tests that
 * hold it to docs/access.md. The app loads each slice's rules with
 * the slice itself (its command handlers and controllers import them).
 */
import '../../src/questions/question.access';
import '../../src/assignments/assignment.access';
import '../../src/meetings/meeting.access';
import '../../src/register/register.access';
