import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The domain stays pure: deciders, events, commands and state import no
 * framework, no database driver and nothing outside the domain folders.
 */
const SRC = path.join(__dirname, '..', 'src');
const DOMAIN_FILE = /\.(commands|events|state|decider|upcasters)\.ts$/;
const FORBIDDEN = [/^@nestjs\//, /^typeorm/, /^pg$/, /^@electric-sql\//, /^@eventstore\//, /^express/, /^node:/, /^jose/];
// shared-kernel/upcasting: the version walk every aggregate's upcasters share (pure).
// shared-kernel/calendar: dates read from instants in a time zone the caller passes in (Intl only, no clock read).
const ALLOWED_LOCAL = [
  /\/event-store\/event-store\.port$/,
  /\/shared-kernel\/domain-errors$/,
  /\/shared-kernel\/calendar$/,
  /\/shared-kernel\/upcasting$/,
  /\/reference-data\//,
  /^\.\/[\w.-]+$/,
];

function domainFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(full);
    return DOMAIN_FILE.test(entry.name) && !entry.name.includes('.spec.') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]);
}

describe('architecture: the domain is plain TypeScript', () => {
  const files = domainFiles(SRC);

  it('finds the domain files', () => {
    expect(files.map((file) => path.relative(SRC, file))).toEqual(
      expect.arrayContaining(['questions/question.decider.ts', 'questions/question.events.ts', 'questions/question.state.ts']),
    );
  });

  it.each(files.map((file) => [path.relative(SRC, file), file]))('%s imports no framework, database or clock', (_, file) => {
    for (const specifier of importsOf(file)) {
      expect(FORBIDDEN.some((pattern) => pattern.test(specifier))).toBe(false);
      if (specifier.startsWith('.')) {
        expect({ specifier, allowed: ALLOWED_LOCAL.some((pattern) => pattern.test(specifier)) }).toEqual({ specifier, allowed: true });
      }
    }
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/new Date\(\)|Date\.now\(\)|Math\.random\(\)|randomUUID/);
  });
});
