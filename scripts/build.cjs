#!/usr/bin/env node
// `node scripts/build.cjs [--force]`: compiles src/ into dist/ only when dist/ is
// missing or older than its sources. `npm start`, `npm run token`, `demo`,
// `projections:rebuild` and `audit:*` run it first, so a second run costs a few
// file-system reads instead of a full TypeScript compilation (about 15 s here).
//
// Stale means: dist/.build-stamp is missing, or any input is newer than it. The
// inputs are every file under src/ (test files excluded) and every folder under
// src/ (a folder's time changes when a file is added, deleted or renamed in it),
// the tsconfig files and package-lock.json (a new TypeScript or library version).
// The stamp is written only after a successful compilation, so a failed build is
// retried on the next run. Without src/ (the container image ships dist/ only)
// there is nothing to compare and dist/ is used as it is.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const STAMP = '.build-stamp';
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time (ms) among the build's inputs under `root`, or 0 without src/. */
function newestInput(root) {
  const src = path.join(root, 'src');
  if (!fs.existsSync(src)) return 0;
  let newest = 0;
  const visit = (folder) => {
    newest = Math.max(newest, fs.statSync(folder).mtimeMs);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!TEST_FILE.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  visit(src);
  for (const file of CONFIG_FILES) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why dist/ under `root` must be compiled again, or null when it is up to date. */
function staleReason(root) {
  const stamp = path.join(root, 'dist', STAMP);
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) return 'dist/ is missing';
  if (!fs.existsSync(stamp)) return fs.existsSync(path.join(root, 'src')) ? 'dist/ was not built by this script' : null;
  return newestInput(root) > fs.statSync(stamp).mtimeMs ? 'sources changed since the last build' : null;
}

/** Compiles afresh (dist/ removed first, so a deleted source leaves no stale output) and stamps. */
function build(root) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) {
    throw new Error('dist/ must be compiled but TypeScript is not installed here: run `npm install` (with dev dependencies) first.');
  }
  // The stamp's time is taken before compiling: a source saved during the compilation makes the next run compile again.
  const startedAt = new Date();
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`TypeScript compilation failed (exit ${result.status ?? result.signal}).`);
  const stamp = path.join(root, 'dist', STAMP);
  fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  fs.utimesSync(stamp, startedAt, startedAt);
}

function main() {
  const root = path.resolve(__dirname, '..');
  const reason = process.argv.includes('--force') ? 'forced' : staleReason(root);
  if (!reason) return;
  const started = Date.now();
  process.stderr.write(`Compiling (${reason}) …\n`);
  try {
    build(root);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

module.exports = { staleReason, newestInput, build, STAMP };

if (require.main === module) main();
