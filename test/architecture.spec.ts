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
