import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The domain stays pure. What a domain file imports is checked by
 * dependency-cruiser (`npm run lint:deps`, rule `domain-is-plain-typescript`
 * in .dependency-cruiser.cjs); what no import shows — reading the clock or
 * drawing random ids through a global — is checked here, in the text.
 */
const SRC = path.join(__dirname, '..', 'src');
const DOMAIN_FILE = /\.(commands|events|state|decider|upcasters)\.ts$/;

function domainFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(full);
    return DOMAIN_FILE.test(entry.name) && !entry.name.includes('.spec.') ? [full] : [];
  });
}

describe('architecture: the domain reads no clock', () => {
  const files = domainFiles(SRC);

  it('finds the domain files', () => {
    expect(files.map((file) => path.relative(SRC, file))).toEqual(
      expect.arrayContaining(['questions/question.decider.ts', 'questions/question.events.ts', 'questions/question.state.ts']),
    );
  });

  it.each(files.map((file) => [path.relative(SRC, file), file]))('%s reads no clock and draws no random id', (_, file) => {
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/new Date\(\)|Date\.now\(\)|Math\.random\(\)|randomUUID/);
  });
});

/**
 * The projection engine's measures stay in src/projections (issue 24): a
 * projection elsewhere says what it does with each stream's step or path and
 * lets the engine walk them in turns (stream-states.ts), and asks the context
 * whether its batch is the live pass (`live`) rather than comparing table
 * names. No import shows either, so the text is read.
 */
function projectionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(SRC, 'projections') ? [] : projectionFiles(full);
    return entry.name.endsWith('.projection.ts') ? [full] : [];
  });
}

describe('architecture: projections leave yielding and telling a rebuild to the engine', () => {
  const files = projectionFiles(SRC);

  it('finds the projections', () => {
    expect(files.map((file) => path.relative(SRC, file))).toEqual(
      expect.arrayContaining(['question-list/question-views.projection.ts', 'assignments/assignment.projection.ts', 'register/structure-report.projection.ts']),
    );
  });

  it.each(files.map((file) => [path.relative(SRC, file), file]))('%s neither yields to the event loop nor names a physical table', (_, file) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/setImmediate|setTimeout|queueMicrotask|inTurns/);
    expect(text).not.toMatch(/\bquoted\(|SHADOW_SUFFIX/);
  });
});
