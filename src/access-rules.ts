/**
 * Loads every slice's access rules into the matrix (src/auth/access-policy.ts),
 * for what reads the whole matrix without starting the app: the tests that
 * hold it to docs/access.md, and tools. The app loads each slice's rules with
 * the slice itself (its command handlers and controllers import them).
 */
import './questions/question.access';
import './assignments/assignment.access';
import './meetings/meeting.access';
import './register/register.access';
