/**
 * The Node flags of the deployed command line: `npm start` (package.json) and
 * the image (Dockerfile) run `node --max-semi-space-size=8
 * --no-allocation-site-pretenuring dist/main.js`. The bench starts the app and
 * its rebuilds with them, so that its figures are the app's as it runs: the
 * young generation's size decides how the garbage of requests is collected.
 * With Node 24's default young generation, the app sections' process (the app
 * and the bench's HTTP client in one heap) reclaims the requests' buffers by a
 * mark-compact about every 50 time-travel requests instead of by scavenges
 * (docs/performance.md, "Time travel"). Without allocation-site pretenuring,
 * V8 allocates every object young: a rebuild's batch objects, which live
 * across a few scavenges and then die, are otherwise put straight into the old
 * generation, where only mark-compacts reclaim them (docs/performance.md,
 * "Rebuild"). test/scripts/deployed-node-flags.spec.ts keeps the three equal.
 */
export const DEPLOYED_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring'];
