import * as fs from 'node:fs';
import * as path from 'node:path';
// The whole matrix: the slices' command rules beside the query actions'.
import '../support/access-rules';
import { ACCESS_POLICY, ACTIONS, FORUM_SCOPED_ROLES, isAction } from '../../src/auth/access-policy';
import { ROLES, ROLE_IDS, isRole } from '../../src/auth/roles';

/**
 * docs/access.md shows the access matrix to people; ACCESS_POLICY is what the
 * code enforces. This test parses the page's tables and requires them to say
 * exactly what the code does, so the two cannot drift apart.
 */
const page = fs.readFileSync(path.join(__dirname, '../../docs/access.md'), 'utf8');

/** Every markdown table on the page: its header cells and its rows of cells. */
function tables(markdown: string): Array<{ header: string[]; rows: string[][] }> {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
  const found: Array<{ header: string[]; rows: string[][] }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i].trim().startsWith('|') || !/^\|\s*-/.test(lines[i + 1].trim())) continue;
    const table = { header: cells(lines[i]), rows: [] as string[][] };
    for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) table.rows.push(cells(lines[i]));
    found.push(table);
  }
  return found;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
const matrixTables = tables(page).filter((table) => table.header[0] === 'action');
const matrixRows = matrixTables.flatMap((table) => table.rows.map((row) => ({ header: table.header, row })));

describe('docs/access.md agrees with ACCESS_POLICY', () => {
  it('has the command and query tables, with one column per role in the order of roles.ts', () => {
    expect(matrixTables).toHaveLength(2);
    for (const table of matrixTables) expect(table.header).toEqual(['action', 'Swedish', 'scope', ...ROLE_IDS]);
  });

  it('lists every action exactly once', () => {
    const documented = matrixRows.map(({ row }) => unquote(row[0]));
    expect(documented.filter((action) => !isAction(action))).toEqual([]);
    expect([...documented].sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)('%s: the same roles, scope and Swedish name', (action) => {
    const { row } = matrixRows.find((candidate) => unquote(candidate.row[0]) === action)!;
    const rule = ACCESS_POLICY[action];
    expect(row[1]).toBe(rule.label);
    expect(row[2]).toBe(rule.organisationScoped ? 'organisation' : rule.forumScoped ? 'forum' : '–');
    const expectedCells = ROLE_IDS.map((role) => {
      if (!(rule.roles as readonly string[]).includes(role)) return '–';
      if (rule.forumScoped && FORUM_SCOPED_ROLES.includes(role)) return '✓ forum';
      return rule.organisationScoped && ROLES[role].scope === 'own-organisation' ? '✓ own' : '✓';
    });
    expect(row.slice(3)).toEqual(expectedCells);
  });

  it('names every role with its Swedish label and what it acts for', () => {
    const roleTable = tables(page).find((table) => table.header[0] === 'role')!;
    const documented = roleTable.rows.map((row) => ({ role: unquote(row[0]), label: row[1], actsFor: row[2] }));
    expect(documented.every(({ role }) => isRole(role))).toBe(true);
    expect(documented).toEqual(
      ROLE_IDS.map((role) => ({
        role,
        label: ROLES[role].label,
        actsFor: ROLES[role].scope === 'own-organisation' ? 'own organisation' : 'any organisation',
      })),
    );
  });
});
