import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One process at a time on a data folder.
 *
 * The embedded database (PGlite) keeps its files under DATA_DIR and assumes it
 * is their only user: a second process opening them (the server and
 * `npm run projections:rebuild` side by side) corrupts them — relations whose
 * files the other process replaced (`could not open file "base/5/…"`), type
 * caches out of date (`cache lookup failed for type …`). So the folder is
 * locked by a file, `fragespar.lock`, naming the process that holds it.
 *
 * The lock file is created whole or not at all (written aside, then linked
 * into place: `link` fails if the name exists), so a reader never sees half of
 * one. A lock whose process is gone (killed, crashed) is stale and taken over:
 * the process is looked up by pid, and on Linux also by its start time, so a
 * pid reused by an unrelated process does not keep the folder locked. A lock
 * from another host cannot be checked and is respected.
 */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** The process's start time in clock ticks since boot (Linux `/proc/<pid>/stat`), to tell a reused pid apart. */
  processStart?: string;
  /** What holds it: `server`, or a script's name. */
  purpose: string;
}

export interface DataDirLock {
  readonly file: string;
  readonly holder: DataDirLockHolder;
  /** The stale lock this process took over, if it did. */
  readonly tookOverFrom?: DataDirLockHolder;
  /** Removes the lock file if it is still this process's; safe to call twice. */
  release(): void;
}

/** The folder is locked by a live process: the message says by whom and what to do, on one line. */
export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirLockHolder,
    advice = 'Stop that process first, or set DATA_DIR to another folder.',
  ) {
    super(`The data folder ${dataDir} is in use by ${describeHolder(holder)}; the embedded database can be opened by one process at a time. ${advice}`);
    this.name = 'DataDirLocked';
  }
}

export const LOCK_FILE = 'fragespar.lock';

export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

/** Takes the folder's lock, taking over a stale one; throws DataDirLocked when a live process holds it. */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFileOf(dataDir);
  const holder: DataDirLockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    processStart: processStartOf(process.pid),
    purpose,
  };
  const aside = `${file}.${process.pid}.${Date.now()}`;
  let tookOverFrom: DataDirLockHolder | undefined;
  fs.writeFileSync(aside, JSON.stringify(holder) + '\n', { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(aside, file);
        return openLock(file, holder, tookOverFrom);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readHolder(file);
      if (current && isAlive(current)) throw new DataDirLocked(dataDir, current);
      takeOverStale(file, current);
      tookOverFrom = current;
    }
    throw new Error(`Could not take the lock ${file}: it kept changing hands`);
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** The live process holding the folder's lock, if any (a stale lock counts as none). */
export function liveHolderOf(dataDir: string): DataDirLockHolder | undefined {
  const holder = readHolder(lockFileOf(dataDir));
  return holder && isAlive(holder) ? holder : undefined;
}

/** Throws DataDirLocked, with the caller's advice, when a live process holds the folder. */
export function assertDataDirFree(dataDir: string, advice?: string): void {
  const holder = liveHolderOf(dataDir);
  if (holder) throw new DataDirLocked(dataDir, holder, advice);
}

function openLock(file: string, holder: DataDirLockHolder, tookOverFrom: DataDirLockHolder | undefined): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const current = readHolder(file);
    if (current && current.pid === holder.pid && current.startedAt === holder.startedAt) fs.rmSync(file, { force: true });
  };
  // A process that exits without closing the database (an error at start-up, process.exit) still frees the folder.
  process.on('exit', release);
  return { file, holder, tookOverFrom, release };
}

/**
 * Moves the stale lock aside under a name of this process's own, so that of
 * two processes taking it over at once only one succeeds; if what was moved
 * turns out to be a live lock (taken between the read and the move), it is put back.
 */
function takeOverStale(file: string, stale: DataDirLockHolder | undefined): void {
  const moved = `${file}.stale.${process.pid}`;
  try {
    fs.renameSync(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const taken = readHolder(moved);
  if (taken && isAlive(taken) && (!stale || taken.pid !== stale.pid || taken.startedAt !== stale.startedAt)) {
    try {
      fs.linkSync(moved, file);
    } catch {
      // Someone holds it again either way: the next attempt reads who.
    }
  }
  fs.rmSync(moved, { force: true });
}

function readHolder(file: string): DataDirLockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as DataDirLockHolder;
    if (Number.isInteger(parsed.pid) && parsed.pid > 0) return parsed;
  } catch {
    // Not written by this program, or damaged: nobody can be holding it through it.
  }
  return { pid: 0, host: os.hostname(), startedAt: '', purpose: 'unreadable lock file' };
}

function isAlive(holder: DataDirLockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists, owned by another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

/** Field 22 of /proc/<pid>/stat (start time since boot), where there is one. */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** What this process is, for the lock file and for the message a second process prints. */
export function thisProcessPurpose(): string {
  const script = path.basename(process.argv[1] ?? '').replace(/\.[cm]?[jt]s$/, '');
  const known: Record<string, string> = {
    main: 'the server (npm start)',
    'rebuild.cli': 'npm run projections:rebuild',
    'verify.cli': 'npm run audit:verify',
    'replay.cli': 'npm run audit:replay',
  };
  return known[script] ?? `node ${script || 'process'}`;
}

export function describeHolder(holder: DataDirLockHolder): string {
  const where = holder.host === os.hostname() ? '' : ` on host ${holder.host}`;
  return `${holder.purpose} (process ${holder.pid}${where}, since ${holder.startedAt})`;
}
