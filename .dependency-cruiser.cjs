// Architecture rules, checked by `npm run lint:deps` (dependency-cruiser) in .ci/run.
// Why each rule exists is in docs/architecture.md ("Rules the build checks").
// No import breaks a rule today, so there is no list of known violations: any
// violation fails the build.

/**
 * Capability slices: each owns its commands, events, views and routes. `import`
 * owns no events: it owns the import route and tool, and gives the question
 * slice's commands through that slice's published write side (index.ts), as
 * a slice does.
 */
const SLICES = ['questions', 'follow-up', 'outstanding-log', 'question-list', 'time-travel', 'meetings', 'assignments', 'audit', 'register', 'import'];
/** Mechanics: the machinery every slice uses and none of them owns. */
const MECHANICS = [
  'event-store',
  'projections',
  'outbox',
  'database',
  'http',
  'auth',
  'command-handling',
  'shared-kernel',
  'observability',
  'reactions',
  'wiring',
  'config',
];
/**
 * Everything above the slices: the pages, tools and routes that use several
 * slices. `reference-data` is here for its route (which reads the register);
 * its data (forums.ts, organisations.ts) is plain and every layer may read it.
 */
const CAPABILITIES = [...SLICES, 'web', 'demo', 'health', 'backup', 'reference-data'];
const REFERENCE_DATA = String.raw`^src/reference-data/(forums|organisations)\.ts$`;
/** The composition root: the files directly under src/ that assemble the app and its tools from every slice. */
const COMPOSITION = String.raw`^src/[^/]+\.ts$`;
/** A tool's entry point (`npm run rebuild`, `import`, …): it starts the app's context for the tool, so it may use the composition root. */
const TOOL_ENTRY = String.raw`\.cli\.ts$`;

/**
 * The domain: the five kinds of file a slice's write side has, and the pure
 * modules of a slice that derive from its state (named here, as their names
 * follow no suffix).
 */
const DOMAIN_FILE = String.raw`(?:[^/]+\.(?:commands|events|state|decider|upcasters)|question-standing|question-labels)\.ts$`;
const any = (folders) => `^src/(${folders.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment:
        'Commands, events, state, deciders and upcasters import no framework, database, Node module or clock: only the other domain ' +
        'files of their own slice, the event-store port (its types), the pure shared kernel and the reference data.',
      severity: 'error',
      from: { path: `^src/([^/]+)/${DOMAIN_FILE}`, pathNot: String.raw`\.spec\.ts$` },
      to: {
        pathNot: [
          `^src/$1/${DOMAIN_FILE}`,
          String.raw`^src/event-store/event-store\.port\.ts$`,
          String.raw`^src/shared-kernel/(domain-errors|calendar|upcasting|language)\.ts$`,
          REFERENCE_DATA,
        ],
      },
    },
    {
      name: 'mechanics-import-no-capability',
      comment:
        'The event store, projection engine, database, HTTP, auth, write path, kernel, observability, reactions, wiring and config ' +
        'serve every slice and know none, nor what is above the slices; the reference data itself is plain data they may read.',
      severity: 'error',
      from: { path: any(MECHANICS) },
      to: { path: any(CAPABILITIES), pathNot: REFERENCE_DATA },
    },
    {
      name: 'composition-root-imported-by-none',
      comment:
        'The files directly under src/ assemble the app and its tools from every slice and mechanic: a file in a folder that imported ' +
        "them would know every slice. Only a tool's entry point (*.cli.ts) starts from them.",
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: TOOL_ENTRY },
      to: { path: COMPOSITION },
    },
    {
      name: 'every-file-has-a-place',
      comment:
        'A file under src/ is in a mechanic, a slice or a folder above the slices (the lists above), or is part of the composition root; ' +
        'a folder in none of them would be checked by no rule.',
      severity: 'error',
      from: { path: '^src/', pathNot: [any(MECHANICS), any(CAPABILITIES), COMPOSITION] },
      to: {},
    },
    {
      name: 'slice-through-its-contract',
      comment:
        'A slice reads another slice only through what that slice publishes: its contract.ts (for readers), index.ts, or its Nest module. ' +
        "Anything else is the other slice's own business and may change without notice.",
      severity: 'error',
      from: { path: String.raw`^src/([^/]+)/` },
      to: {
        path: any(SLICES),
        pathNot: ['^src/$1/', String.raw`^src/[^/]+/(contract|index)\.ts$`, String.raw`^src/[^/]+/[^/]+\.module\.ts$`],
      },
    },
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop cannot be understood, tested or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: String.raw`\.(spec|int-spec|e2e-spec)\.ts$` },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
