import { Injectable, PipeTransform } from '@nestjs/common';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { OrganisationId, isOrganisationId } from './organisations';

/** A path segment that is not one of the 17 member organisations names nothing: 404, as an unknown question is. */
@Injectable()
export class KnownOrganisationPipe implements PipeTransform<string, OrganisationId> {
  transform(value: string): OrganisationId {
    if (isOrganisationId(value)) return value;
    throw new AggregateNotFound('Organisation', value);
  }
}
