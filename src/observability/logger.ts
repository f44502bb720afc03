import { LogLevel, LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { AppConfig } from '../config/app-config';
import { currentCorrelationId } from './request-context';

/**
 * The process's logger: pino, one JSON object per line (level, time, message,
 * and the request's correlation id on every line written while serving it), or
 * coloured text when a person reads it on a terminal. `destination` replaces
 * stdout (tests read the lines from it).
 */
export function createRootLogger(config: Pick<AppConfig, 'log'>, destination?: DestinationStream): Logger {
  const human = config.log.format === 'pretty' || (config.log.format === 'auto' && !destination && process.stdout.isTTY === true);
  const options: pino.LoggerOptions = {
    level: config.log.level,
    base: { service: 'fragespar' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
  // pino-pretty as a stream in this thread (not a worker transport): no extra thread's memory on a terminal.
  const stream = destination ?? (human ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }) : undefined);
  return stream ? pino(options, stream) : pino(options);
}

/**
 * Nest's logger over pino, so the framework's and our `new Logger(context)`
 * lines become structured too. Nest's start-up chatter (every module
 * initialised, every route mapped: a hundred lines) goes to `debug`.
 */
export class NestPinoLogger implements LoggerService {
  private static readonly CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

  constructor(
    private readonly logger: Logger,
    /** The levels the caller of createApp asked for (scripts and tests ask for fewer). */
    private readonly levels: LogLevel[],
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    const context = contextOf(rest);
    this.write(context && NestPinoLogger.CHATTER.has(context) ? 'debug' : 'log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]) {
    if (!this.levels.includes(level) && !(level === 'debug' && this.levels.includes('log'))) return;
    const context = contextOf(rest);
    const fields: Record<string, unknown> = context ? { context } : {};
    // Nest passes an error's stack as the argument before the context.
    const stack = rest.length >= 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (stack) fields.stack = stack;
    const pinoLevel = level === 'log' ? 'info' : level === 'verbose' ? 'trace' : level;
    if (message instanceof Error) this.logger[pinoLevel]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[pinoLevel]({ ...fields, ...message });
    else this.logger[pinoLevel](fields, String(message));
  }
}

/** Nest's Logger passes the context as the last argument. */
function contextOf(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? last : undefined;
}
