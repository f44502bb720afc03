import * as net from 'node:net';
import { ConfigError } from './config/app-config';
import { DataDirLocked } from './database/data-dir-lock';

/**
 * The one line printed when the service cannot start for a reason the person
 * starting it can fix (configuration, a data folder or a port in use, a port not allowed), instead of
 * a stack trace; undefined for anything else, whose stack is then worth printing.
 */
export function startupFailureMessage(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof DataDirLocked) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = (error as { port?: number } | undefined)?.port;
  if (code === 'EADDRINUSE') {
    return `PORT ${port} is already in use by another process: stop that process or start this one with another PORT (e.g. PORT=3001 npm start).`;
  }
  if (code === 'EACCES' && port !== undefined) {
    return `PORT ${port} may not be opened by this user (ports below 1024 need privileges): choose another PORT, e.g. PORT=3000.`;
  }
  return undefined;
}

/**
 * Fails with the listen error when `port` cannot be opened, before the database
 * is opened and the migrations run: a port in use is then told in one line and
 * at once. The port is released again at once; `app.listen` still reports a
 * process that takes it in between.
 */
export function ensurePortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
