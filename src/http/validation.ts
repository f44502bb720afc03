import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInputError } from './problem';

/**
 * Validation for every request body and query: unknown fields are refused (not
 * silently dropped), types are not coerced, and the error names each field and
 * the rule it broke.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new InvalidInputError(fieldErrorsOf(errors)),
  });
}

/** class-validator's errors as the API names them: each field (a nested one as `a.b`), the rule it broke and a sentence. */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = { ...error.constraints };
    // A nested field that is not an object at all: the isObject error says so; "must be either object or array" would only repeat it.
    if (constraints.isObject) delete constraints.nestedValidation;
    const own = Object.entries(constraints).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message.replace(error.property, field),
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
