// Architecture rules, checked by `npm run lint:deps` (dependency-cruiser) in .ci/run.
// Why each rule exists is in docs/architecture.md ("Rules the build checks").
// No import breaks a rule today, so there is no list of known violations: any
// violation fails the build.

/** Capability slices: each owns its commands, events, views and routes. */
const SLICES = ['questions', 'follow-up', 'outstanding-log', 'question-list', 'time-travel', 'meetings', 'assignments', 'audit', 'register'];
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
];
/** Everything above the slices: the app's wiring, pages, tools. */
const CAPABILITIES = [...SLICES, 'web', 'demo', 'health', 'backup'];

const DOMAIN_FILE = String.raw`[^/]+\.(commands|events|state|decider|upcasters)\.ts$`;
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
          String.raw`^src/shared-kernel/(domain-errors|calendar|upcasting)\.ts$`,
          '^src/reference-data/(forums|organisations)\\.ts$',
        ],
      },
    },
    {
      name: 'mechanics-import-no-capability',
      comment: 'The event store, projection engine, database, HTTP, auth, write path, kernel, observability and reactions serve every slice and know none.',
      severity: 'error',
      from: { path: any(MECHANICS) },
      to: { path: any(CAPABILITIES) },
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
      name: 'event-store-is-told-its-database',
      comment:
        'The event store adapter is told what the database it writes to can do (PostgresEventStoreOptions, from Database), ' +
        'rather than telling the embedded database from a server by the class of its pool.',
      severity: 'error',
      from: { path: '^src/event-store/' },
      to: { path: String.raw`^src/database/embedded-pool\.ts$` },
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
