// Mutation testing of the pure domain (issue 30, docs/testing.md): StrykerJS changes one
// operator, condition or literal at a time in the files below and runs the unit tests
// that cover it; a change no test notices ("survived") is a rule a test does not pin.
//
//   npm run test:mutation                                        every file below (slow: tens of minutes)
//   npm run test:mutation -- --mutate src/questions/question.state.ts   one file (minutes)
//
// Report: reports/mutation/index.html (and mutation.json), ignored by git.
import { readFileSync } from 'node:fs';

// The unit project as package.json defines it, so the tests Stryker runs are the ones `npm run test:unit` runs.
const jestProjects = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).jest.projects;
const unitProject = jestProjects.find((project) => project.displayName === 'unit');

// MUTATION_SPECS=path[,path…] narrows the tests to the specs that pin the file being mutated. Jest loads
// every related spec for every mutant, and a spec that imports the HTTP layer or the bench takes seconds
// to load: the decider's own specs are the ones that must pin its rules (docs/testing.md).
const specs = process.env.MUTATION_SPECS?.split(',').map((spec) => `<rootDir>/${spec.trim()}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  plugins: ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker', './scripts/stryker-message-text-ignorer.mjs'],
  // Refusal prose is left unmutated; what is and is not contract: scripts/stryker-message-text-ignorer.mjs.
  ignorers: ['message-text'],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // Overrides the file's `projects`: only the unit project, no database. ts-jest only transpiles
    // (isolatedModules): the TypeScript checker below already type-checks every mutant, once.
    config: {
      ...unitProject,
      ...(specs ? { testMatch: specs } : {}),
      projects: undefined,
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
    },
    enableFindRelatedTests: true,
  },
  checkers: ['typescript'],
  // A mutant that does not compile is dropped by the checker (not counted), instead of being "killed" by a type error.
  // The checker's project is the mutated files and what they import (tsconfig.stryker.json): checking the whole
  // project, specs and controllers included, for every mutant made a decider's run take hours.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/questions/question.decider.ts',
    'src/questions/question.state.ts',
    'src/questions/question.upcasters.ts',
    'src/shared-kernel/upcasting.ts',
    'src/questions/question-standing.ts',
    'src/assignments/assignment.decider.ts',
    'src/assignments/assignment.state.ts',
    'src/meetings/meeting.decider.ts',
    'src/meetings/meeting.state.ts',
    'src/meetings/year-wheel.decider.ts',
    'src/meetings/year-wheel.state.ts',
    'src/auth/access-policy.ts',
    'src/event-store/event-chain.ts',
  ],
  // The machine is shared; raise it on your own (`-- --concurrency 4`).
  concurrency: 2,
  timeoutMS: 10000,
  // The first run of the related tests compiles them; on a loaded machine that takes minutes.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Keeps each mutant's result; the next run re-tests only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: 'reports/.stryker-tmp',
  // Reports (and another run's sandbox) are never part of what is tested.
  ignorePatterns: ['/reports'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
