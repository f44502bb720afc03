import { ConfigError, DEFAULT_REBUILD_BATCH_SIZE, loadConfig } from '../../src/config/app-config';

/** The projection runners' two batch sizes (PROJECTION_BATCH_SIZE live, PROJECTION_REBUILD_BATCH_SIZE into shadow tables), read and checked at start-up. */
describe('projection batch sizes', () => {
  it('default to 2,000 live and 5,000 for rebuilds', () => {
    expect(loadConfig({}).projections).toMatchObject({ batchSize: 2_000, rebuildBatchSize: 5_000 });
    expect(DEFAULT_REBUILD_BATCH_SIZE).toBe(5_000);
  });

  it('are set apart: the rebuild batch does not follow PROJECTION_BATCH_SIZE', () => {
    expect(loadConfig({ PROJECTION_BATCH_SIZE: '500' }).projections).toMatchObject({ batchSize: 500, rebuildBatchSize: 5_000 });
    expect(loadConfig({ PROJECTION_REBUILD_BATCH_SIZE: '20000' }).projections).toMatchObject({ batchSize: 2_000, rebuildBatchSize: 20_000 });
    // Smaller than the live batch is allowed (less memory in a rebuild).
    expect(loadConfig({ PROJECTION_BATCH_SIZE: '5000', PROJECTION_REBUILD_BATCH_SIZE: '1000' }).projections).toMatchObject({
      batchSize: 5_000,
      rebuildBatchSize: 1_000,
    });
  });

  it.each(['0', '-5', '50001', '2.5', 'lots'])('refuses PROJECTION_REBUILD_BATCH_SIZE=%s, naming it and its range', (raw) => {
    expect(() => loadConfig({ PROJECTION_REBUILD_BATCH_SIZE: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ PROJECTION_REBUILD_BATCH_SIZE: raw })).toThrow(
      `PROJECTION_REBUILD_BATCH_SIZE must be an integer between 1 and 50000, got "${raw}"`,
    );
  });
});
