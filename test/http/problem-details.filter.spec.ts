import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { AccessDenied } from '../../src/auth/access-policy';
import { ProblemDetailsFilter } from '../../src/http/problem-details.filter';

/** What the client sees of an error: a problem with a sentence, never internals. */
describe('Problem details for access control and unexpected errors', () => {
  const filter = new ProblemDetailsFilter();

  it('maps AccessDenied to 403 naming role, action and organisation', () => {
    const problem = filter.toProblem(
      new AccessDenied('The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not RecordMemberDecision for karlstad', {
        role: 'member',
        action: 'RecordMemberDecision',
        organisationId: 'karlstad',
      }),
    );
    expect(problem).toEqual({
      type: 'https://fragespar.se/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not RecordMemberDecision for karlstad',
      role: 'member',
      action: 'RecordMemberDecision',
      organisationId: 'karlstad',
    });
  });

  it('keeps 401 and 403 from Nest as they are', () => {
    expect(filter.toProblem(new UnauthorizedException('A bearer token is required'))).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(filter.toProblem(new ForbiddenException())).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('names a rate-limit refusal plainly', () => {
    expect(filter.toProblem(new ThrottlerException('Too many requests: at most 5 per minute per client'))).toMatchObject({
      status: 429,
      title: 'Too many requests',
      detail: 'Too many requests: at most 5 per minute per client',
    });
  });

  it('tells nothing of an unexpected error: no message, stack or SQL', () => {
    const error = new Error('duplicate key value violates unique constraint "events_pkey" in INSERT INTO events (id) VALUES ($1)');
    const problem = filter.toProblem(error);
    expect(problem).toEqual({ type: 'https://fragespar.se/problems/internal', title: 'Internal error', status: 500, detail: 'An unexpected error occurred.' });
    expect(JSON.stringify(problem)).not.toMatch(/INSERT|events_pkey|at /);
  });
});
