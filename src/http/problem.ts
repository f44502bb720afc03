/** RFC 7807 problem details, the one error shape of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (slug: string) => `https://fragespar.se/problems/${slug}`;

/** One invalid field: which one, which rule it broke, and a sentence for people. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export class InvalidInputError extends Error {
  constructor(
    readonly errors: FieldError[],
    readonly status = 400,
  ) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'InvalidInputError';
  }
}
