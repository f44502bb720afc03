import { DECLARED_MIGRATIONS, DECLARED_PROJECTIONS } from './app-declarations';
import { APP_MIGRATIONS, APP_PROJECTIONS } from './app-modules';

describe('the tools migrate and project as the application does', () => {
  it('given the modules the application is made of, when the tools list the migrations without them, then the lists are the same, in the same order', () => {
    expect(DECLARED_MIGRATIONS.map((migration) => migration.name)).toEqual(APP_MIGRATIONS.map((migration) => migration.name));
    expect(DECLARED_MIGRATIONS).toEqual(APP_MIGRATIONS);
  });

  it('given the modules the application is made of, when the tools list the projections without them, then the lists are the same, in the same order', () => {
    expect(DECLARED_PROJECTIONS.map((projection) => projection.name)).toEqual(APP_PROJECTIONS.map((projection) => projection.name));
    expect(DECLARED_PROJECTIONS).toEqual(APP_PROJECTIONS);
  });

  it('declares each migration and each projection once', () => {
    expect(new Set(DECLARED_MIGRATIONS).size).toBe(DECLARED_MIGRATIONS.length);
    expect(new Set(DECLARED_PROJECTIONS.map((projection) => projection.name)).size).toBe(DECLARED_PROJECTIONS.length);
  });
});
