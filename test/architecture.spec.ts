import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The architecture rules. What an import shows is checked by dependency-cruiser
 * (`npm run lint:deps`, the rules in .dependency-cruiser.cjs): here each rule is
 * run on a copy of src/ with imports that break it, so a rule that stopped
 * matching fails this test. What no import shows — a domain file reading the
 * clock or drawing random ids through a global — is checked here, in the text.
 */
const ROOT = path.join(__dirname, '..');
const SRC = path.join(ROOT, 'src');

interface Rule {
  name: string;
  from: { path?: string };
}
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
// The config is CommonJS, which dependency-cruiser loads; the domain files are the ones its domain rule names.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rules = (require(CONFIG) as { forbidden: Rule[] }).forbidden;
const domainRule = rules.find((rule) => rule.name === 'domain-is-plain-typescript');
const DOMAIN_FILE = new RegExp(domainRule?.from.path ?? '^$');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.includes('.spec.') ? [full] : [];
  });
}

const domainFiles = () => sourceFiles(SRC).filter((file) => DOMAIN_FILE.test(path.relative(ROOT, file).split(path.sep).join('/')));

describe('architecture: the domain reads no clock', () => {
  const files = domainFiles();

  it('finds the domain files', () => {
    expect(files.map((file) => path.relative(SRC, file))).toEqual(
      expect.arrayContaining([
        'questions/question.decider.ts',
        'questions/question.events.ts',
        'questions/question.state.ts',
        'questions/question-standing.ts',
        'questions/question-labels.ts',
      ]),
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

/** Imports that break a rule, by file (relative to the copy's src/), added at the top of the file (created where it does not exist). */
const BREAKING_IMPORTS: Record<string, string[]> = {
  // domain-is-plain-typescript: the question's standing and labels are domain files too.
  'questions/question-labels.ts': ['../http/accept-language'],
  'questions/question-standing.ts': ['node:fs'],
  'questions/question.decider.ts': ['../command-handling/execute-with-decider'],
  // mechanics-import-no-capability: a slice, the import, what is above the slices; the reference data itself is allowed.
  'projections/probe.ts': ['../questions/contract', '../import/import.module', '../web/layout', '../reference-data/forums', '../app-modules'],
  'wiring/probe.ts': ['../follow-up/contract'],
  'config/probe.ts': ['../health/health.controller'],
  // composition-root-imported-by-none: a slice's file may not reach the root; a tool's entry point may.
  'questions/probe.ts': ['../tool-context'],
  'register/probe.cli.ts': ['../tool-context'],
  // slice-through-its-contract: past another slice's contract, the import's included; its contract and module are allowed.
  'follow-up/probe.ts': ['../questions/question-standing', '../import/importer', '../questions/contract', '../import/import.module'],
  'web/probe.ts': ['../import/import-rows'],
  // every-file-has-a-place: a folder no list names.
  'unlisted/probe.ts': ['../shared-kernel/calendar'],
  // no-circular (reported once, at the first file of the loop)
  'shared-kernel/probe-a.ts': ['./probe-b'],
  'shared-kernel/probe-b.ts': ['./probe-a'],
  // event-store-is-told-its-database: the adapter is told whether its database has one writer, not left to tell from the pool.
  'event-store/probe.ts': ['../database/embedded-pool'],
};

const EXPECTED_VIOLATIONS = [
  'domain-is-plain-typescript: src/questions/question-labels.ts → src/http/accept-language.ts',
  'domain-is-plain-typescript: src/questions/question-standing.ts → fs',
  'domain-is-plain-typescript: src/questions/question.decider.ts → src/command-handling/execute-with-decider.ts',
  'mechanics-import-no-capability: src/projections/probe.ts → src/questions/contract.ts',
  'mechanics-import-no-capability: src/projections/probe.ts → src/import/import.module.ts',
  'mechanics-import-no-capability: src/projections/probe.ts → src/web/layout.ts',
  'composition-root-imported-by-none: src/projections/probe.ts → src/app-modules.ts',
  'mechanics-import-no-capability: src/wiring/probe.ts → src/follow-up/contract.ts',
  'mechanics-import-no-capability: src/config/probe.ts → src/health/health.controller.ts',
  'composition-root-imported-by-none: src/questions/probe.ts → src/tool-context.ts',
  'slice-through-its-contract: src/follow-up/probe.ts → src/questions/question-standing.ts',
  'slice-through-its-contract: src/follow-up/probe.ts → src/import/importer.ts',
  'slice-through-its-contract: src/web/probe.ts → src/import/import-rows.ts',
  'every-file-has-a-place: src/unlisted/probe.ts → src/shared-kernel/calendar.ts',
  'no-circular: src/shared-kernel/probe-a.ts → src/shared-kernel/probe-b.ts',
  'event-store-is-told-its-database: src/event-store/probe.ts → src/database/embedded-pool.ts',
];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('architecture: each dependency rule reports an import that breaks it', () => {
  let scratch: string;
  let violations: string[];

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-rules-'));
    fs.cpSync(SRC, path.join(scratch, 'src'), { recursive: true, filter: (file) => !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file) });
    fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(scratch, 'tsconfig.json'));
    fs.copyFileSync(CONFIG, path.join(scratch, '.dependency-cruiser.cjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    for (const [file, imports] of Object.entries(BREAKING_IMPORTS)) {
      const full = path.join(scratch, 'src', file);
      const existing = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : 'export const probe = 1;\n';
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, imports.map((specifier) => `import '${specifier}';\n`).join('') + existing);
    }
    const cruise = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { cwd: scratch, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
    );
    if (!cruise.stdout) throw new Error(`dependency-cruiser gave no report: ${cruise.stderr}`);
    const report = JSON.parse(cruise.stdout) as { summary: { violations: Violation[] } };
    violations = report.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
  }, 120_000);

  afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('reports each breaking import under its rule, and nothing else (the allowed imports beside them, src/ as it is)', () => {
    expect([...violations].sort()).toEqual([...EXPECTED_VIOLATIONS].sort());
  });

  it('has a breaking import for every rule the config holds', () => {
    const reported = new Set(violations.map((violation) => violation.split(':')[0]));
    expect(rules.map((rule) => rule.name).filter((name) => !reported.has(name))).toEqual([]);
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
