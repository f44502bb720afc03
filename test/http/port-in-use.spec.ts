import * as net from 'node:net';
import { ConfigError } from '../../src/config/app-config';
import { ensurePortFree, startupFailureMessage } from '../../src/startup-failure';

describe('starting on a port in use', () => {
  let occupant: net.Server;
  let port: number;

  beforeAll(async () => {
    occupant = net.createServer();
    await new Promise<void>((resolve) => occupant.listen(0, resolve));
    port = (occupant.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => occupant.close(() => resolve())));

  it('fails before anything is opened, in one line naming PORT and the port', async () => {
    const error = await ensurePortFree(port).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const message = startupFailureMessage(error);
    expect(message).toBe(
      `PORT ${port} is already in use by another process: stop that process or start this one with another PORT (e.g. PORT=3001 npm start).`,
    );
    expect(message).not.toContain('\n');
  });

  it('lets a free port be taken right after the check', async () => {
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, resolve));
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));

    await expect(ensurePortFree(freePort)).resolves.toBeUndefined();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(freePort, resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('prints configuration errors plainly and leaves other errors to their stack', () => {
    expect(startupFailureMessage(new ConfigError('Invalid configuration:\n- PORT must be an integer'))).toBe(
      'Invalid configuration:\n- PORT must be an integer',
    );
    expect(startupFailureMessage(new Error('boom'))).toBeUndefined();
  });
});
