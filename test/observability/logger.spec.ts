import { loadConfig } from '../../src/config/app-config';
import { NestPinoLogger, createRootLogger } from '../../src/observability/logger';
import { runWithCorrelationId } from '../../src/observability/request-context';

describe('the log', () => {
  const collect = () => {
    const lines: Array<Record<string, unknown>> = [];
    return { lines, write: (chunk: string) => lines.push(JSON.parse(chunk) as Record<string, unknown>) };
  };

  it('writes Nest’s log calls as JSON lines with level, time, context; an error written while serving a request carries its correlation id', () => {
    const out = collect();
    const nest = new NestPinoLogger(createRootLogger(loadConfig({}), out), ['log', 'warn', 'error']);
    nest.log('took ownership', 'Projection meetings');
    runWithCorrelationId('req-42', () => nest.error('boom', 'Error: boom\n    at handler', 'HTTP'));

    expect(out.lines[0]).toMatchObject({ level: 'info', context: 'Projection meetings', msg: 'took ownership', service: 'fragespar' });
    expect(out.lines[0]).not.toHaveProperty('correlationId');
    expect(out.lines[1]).toMatchObject({ level: 'error', context: 'HTTP', msg: 'boom', stack: 'Error: boom\n    at handler', correlationId: 'req-42' });
  });

  it('follows LOG_LEVEL, and sends Nest’s start-up chatter to debug', () => {
    const out = collect();
    const nest = new NestPinoLogger(createRootLogger(loadConfig({ LOG_LEVEL: 'warn' }), out), ['log', 'warn', 'error']);
    nest.log('Mapped {/questions, POST} route', 'RouterExplorer');
    nest.log('an info line');
    nest.warn('a warning');
    expect(out.lines.map((line) => line.msg)).toEqual(['a warning']);

    const debug = collect();
    new NestPinoLogger(createRootLogger(loadConfig({ LOG_LEVEL: 'debug' }), debug), ['log', 'warn', 'error']).log(
      'Mapped {/questions, POST} route',
      'RouterExplorer',
    );
    expect(debug.lines[0]).toMatchObject({ level: 'debug', context: 'RouterExplorer' });
  });

  it('refuses an unknown LOG_LEVEL or LOG_FORMAT at start-up', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be auto, json or pretty, got "xml"');
  });
});
