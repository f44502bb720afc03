import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ValidateNested, ValidationOptions, registerDecorator } from 'class-validator';

/** A calendar date written 'YYYY-MM-DD' that exists (no 2025-02-30). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a date written YYYY-MM-DD', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
        },
      },
    });
}

/**
 * A required nested object, validated as its class. `@ValidateNested()` alone
 * lets a missing object through (class-validator skips undefined), and the
 * command then failed on it with a 500; this refuses it as `isObject`, naming
 * the field.
 */
export function IsNestedObject(type: () => new () => object, options?: ValidationOptions): PropertyDecorator {
  const isObject: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isObject',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) => (args.value === undefined || args.value === null ? '$property is required (an object)' : '$property must be an object'),
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
      },
    });
  return applyDecorators(isObject, ValidateNested(), Type(type));
}

/** What an id of an organisation or a forum looks like: lower-case letters, digits and hyphens (the register's `invalid-id`). */
export const STRUCTURE_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The id of an organisation or a forum, checked by its form only: lower-case
 * letters, digits and hyphens, at most 100 characters. Which organisations and
 * forums there are is the structure register's to say (docs/structure.md), so
 * another collaboration's ids pass here and an id the register does not know
 * is refused by the command's rules (422 naming the rule), not by a fixed list.
 */
export function IsStructureId(kind: 'organisation' | 'forum' | 'organisation or forum', options?: ValidationOptions): PropertyDecorator {
  const list = kind === 'forum' ? 'GET /forums' : 'GET /organisations';
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStructureId',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be ${kind === 'organisation' ? 'an' : 'a'} ${kind} id: lower-case letters, digits and hyphens, e.g. "${kind === 'forum' ? 'chairs-council' : 'karlstad'}" (see ${list})`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length <= 100 && STRUCTURE_ID_PATTERN.test(value),
      },
    });
}
