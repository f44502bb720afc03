import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one rule for a malformed id in a path, on every route: 400 invalid-input
 * naming the parameter. (A well-formed id that names nothing is 404.)
 */
@Injectable()
export class UuidPathPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (UUID.test(value)) return value;
    const name = metadata.data ?? 'id';
    throw new InvalidInputError([{ field: name, rule: 'isUuid', message: `${name} in the path must be a UUID, e.g. 3f0c9a52-1d4e-4b7a-9c1e-2a5b6d7e8f90` }]);
  }
}

/** A whole number in a path (a year), refused like a malformed id. */
@Injectable()
export class IntegerPathPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    if (/^\d{1,9}$/.test(value)) return Number(value);
    const name = metadata.data ?? 'value';
    throw new InvalidInputError([{ field: name, rule: 'isInt', message: `${name} in the path must be a whole number` }]);
  }
}
