import { Injectable, PipeTransform } from '@nestjs/common';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ApiParam } from '@nestjs/swagger';
import { ORGANISATION_IDS, OrganisationId, isOrganisationId } from './organisations';

/** A path segment that is not one of the 17 member organisations names nothing: 404, as an unknown question is. */
@Injectable()
export class KnownOrganisationPipe implements PipeTransform<string, OrganisationId> {
  transform(value: string): OrganisationId {
    if (isOrganisationId(value)) return value;
    throw new AggregateNotFound('Organisation', value);
  }
}

/**
 * The path parameter KnownOrganisationPipe reads, in the OpenAPI document (the
 * document cannot see a parameter typed as a union of literals).
 */
export const ApiOrganisationParam = (name = 'id') =>
  ApiParam({ name, enum: [...ORGANISATION_IDS], description: 'One of the 17 member organisations (GET /organisations); any other: 404' });
