import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SliceDeclarations } from '../src/wiring/slice-declarations';

/**
 * Each read-model table is read and written by the slice that owns it: the
 * folder whose declarations (`<slice>.declarations.ts`) register the
 * projection that keeps it. Another slice reads what it publishes — its
 * standing, a query, a presentation — never its SQL. This follows every
 * source file under src/ and finds the SQL of one folder naming another's
 * table, written out (`rm_…`) or through the owner's table-name constant
 * imported (`QUESTION_TABLE`, a tally's `TallyShape`).
 *
 * Migrations are left out: each runs once, in order, against the tables as
 * they were then, and one that hands a table to a new owner fills it from the
 * old one's.
 */
const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [full] : [];
  });
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

/** The text without comments: what a file says in prose about another slice's table is not SQL. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;,{}()])\/\/.*$/gm, '$1');
}

const files = sourceFiles(SRC);
const code = new Map(files.map((file) => [file, withoutComments(fs.readFileSync(file, 'utf8'))]));

/** Table → the folder of the slice whose declared projection keeps it. */
const owners = new Map<string, string>();
for (const file of files.filter((file) => file.endsWith('.declarations.ts'))) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as Record<string, unknown>;
  for (const declarations of Object.values(exported) as SliceDeclarations[]) {
    for (const projection of declarations?.projections ?? []) for (const table of projection.tables) owners.set(table, folderOf(file));
  }
}

/** `folder:NAME` for each constant that names a table its folder owns: `const NAME = 'rm_…'` or a shape with `table: 'rm_…'`. */
const tableConstants = new Set<string>();
for (const [file, text] of code) {
  for (const match of text.matchAll(/const\s+([A-Z][A-Z0-9_]*)\b[^=]*=\s*(?:'(rm_[a-z0-9_]+)'|\{\s*table:\s*'(rm_[a-z0-9_]+)')/g)) {
    const table = match[2] ?? match[3];
    if (owners.get(table) === folderOf(file)) tableConstants.add(`${folderOf(file)}:${match[1]}`);
  }
}

/** Every place one folder's code names another folder's table. */
function foreignTables(): string[] {
  const found: string[] = [];
  for (const [file, text] of code) {
    if (file.endsWith('.migration.ts')) continue;
    const folder = folderOf(file);
    const where = path.relative(SRC, file);
    for (const [token] of text.matchAll(/\brm_[a-z0-9_]+\b/g)) {
      const owner = owners.get(token);
      if (owner && owner !== folder) found.push(`${where} names ${token} (${owner}'s)`);
    }
    for (const [, names, from] of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']+)'/g)) {
      const source = folderOf(path.resolve(path.dirname(file), from));
      if (source === folder) continue;
      for (const imported of names.split(',').map((name) =>
        name
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim(),
      )) {
        if (tableConstants.has(`${source}:${imported}`)) found.push(`${where} imports ${imported} (${source}'s table)`);
      }
    }
  }
  return [...new Set(found)].sort();
}

describe('architecture: each read-model table is read and written by the slice that owns it', () => {
  it('finds the owners and the constants that name their tables', () => {
    expect(owners.get('rm_question')).toBe('question-list');
    expect(owners.get('rm_follow_up_history')).toBe('follow-up');
    expect(owners.get('rm_follow_up_question')).toBe('follow-up');
    expect(owners.get('rm_question_owed')).toBe('outstanding-log');
    expect([...tableConstants]).toEqual(
      expect.arrayContaining(['question-list:QUESTION_TABLE', 'follow-up:OBLIGATION_HISTORY_TABLE', 'follow-up:DECISION_TALLY', 'outstanding-log:OWED_TALLY']),
    );
  });

  it('finds no slice naming another slice’s table', () => {
    expect(foreignTables()).toEqual([]);
  });
});
