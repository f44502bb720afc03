import type { Provider } from '@nestjs/common';
import { type MigrationClass, registerMigrations } from '../database/migrations';
import { type Projection, registerProjections } from '../projections/projection';

/**
 * What a slice brings to the database and the projection engine — its
 * migrations and its projections — in a file of its own
 * (`<slice>.declarations.ts`) that imports no controller. The slice's Nest
 * module registers it (`declaredProviders`); the command-line tools read the
 * same files through `src/app-declarations.ts`, so they migrate and rebuild
 * exactly as the application does without loading its HTTP side.
 */
export interface SliceDeclarations {
  readonly owner: string;
  readonly migrations: readonly MigrationClass[];
  readonly projections: readonly Projection[];
}

/** The providers that declare a slice's migrations and projections among its module's providers. */
export function declaredProviders(declarations: SliceDeclarations): Provider[] {
  const { owner, migrations, projections } = declarations;
  return [
    ...(migrations.length > 0 ? [registerMigrations(owner, migrations)] : []),
    ...(projections.length > 0 ? [registerProjections(owner, projections)] : []),
  ];
}
