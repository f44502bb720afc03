import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { StructureDirectory } from '../register/contract';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { OrganisationId } from './organisations';

/**
 * A path segment that names no organisation the structure register knows (or,
 * while it is empty, none of the default data's) names nothing: 404, as an
 * unknown question is. Another collaboration's organisations are its file's.
 */
@Injectable()
export class KnownOrganisationPipe implements PipeTransform<string, Promise<OrganisationId>> {
  constructor(private readonly directory: StructureDirectory) {}

  async transform(value: string): Promise<OrganisationId> {
    if (await this.directory.organisation(value)) return value;
    throw new AggregateNotFound('Organisation', value);
  }
}

/** The path parameter KnownOrganisationPipe reads, in the OpenAPI document. */
export const ApiOrganisationParam = (name = 'id') =>
  ApiParam({ name, type: String, example: 'karlstad', description: 'An organisation the structure register knows (GET /organisations); any other: 404' });
