import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../http/problem';
import { OrganisationId, isOrganisationId } from './organisations';

/** Refuses a path segment that is not one of the 17 member organisations. */
@Injectable()
export class KnownOrganisationPipe implements PipeTransform<string, OrganisationId> {
  transform(value: string): OrganisationId {
    if (isOrganisationId(value)) return value;
    throw new InvalidInputError(
      [{ field: 'organisationId', rule: 'isIn', message: `organisationId "${value}" is not one of the 17 member organisations (see GET /organisations)` }],
      404,
    );
  }
}
