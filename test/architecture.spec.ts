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
 * The views built on questions (issue 24) read a question through its
 * published standing (src/questions/contract.ts) and never a field of its
 * state: the question slice may reshape its state without them. They may hold
 * a folded state to hand to the slice's own functions (`standingAt`,
 * `sameObligations`, the fold), never look into it.
 */
describe('architecture: the follow-up, the outstanding log, agenda proposals and the views as of a time read a question through its standing', () => {
  const readers = [
    ...['follow-up', 'outstanding-log'].flatMap((dir) =>
      fs
        .readdirSync(path.join(SRC, dir))
        .filter((name) => name.endsWith('.ts') && !name.includes('.spec.'))
        .map((name) => `${dir}/${name}`),
    ),
    'audit/follow-up-as-of.ts',
    'meetings/agenda-proposals.ts',
  ];
  const STATE_TYPES = /\b(ExistingQuestionState|PositionState|ConsultationState|MemberDecisionState|obligationsOf)\b/;

  it.each(readers)('%s reads no field of a question state and imports none of its types', (file) => {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    expect(text).not.toMatch(/\bstate\.[a-zA-Z]/);
    expect(text).not.toMatch(/\.(memberDecisions|consultations|earlierPositions|feedbackAtHome)\b/);
    expect(text).not.toMatch(STATE_TYPES);
  });
});
