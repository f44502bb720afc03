import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPLOYED_NODE_FLAGS } from '../../bench/deployed-node';

// The bench starts the app with the deployed command line's Node flags; they are the figures' conditions.
describe('the Node flags the app is deployed with', () => {
  const root = path.join(__dirname, '..', '..');
  /** The Node flags before `script` (a path under dist/) on a command line. */
  const flagsOf = (commandLine: string, script = 'dist/main.js') =>
    (new RegExp(`\\bnode((?: --[\\w-]+(?:=\\S+)?)*) ${script.replace(/[./]/g, '\\$&')}`).exec(commandLine)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);

  it('npm start runs the app with the flags the bench uses', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(flagsOf(scripts.start)).toEqual(DEPLOYED_NODE_FLAGS);
  });

  it('npm run projections:rebuild rebuilds without allocation-site pretenuring, as the app does', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(DEPLOYED_NODE_FLAGS).toContain('--no-allocation-site-pretenuring');
    expect(flagsOf(scripts['projections:rebuild'], 'dist/projections/rebuild.cli.js')).toContain('--no-allocation-site-pretenuring');
  });

  it('the image runs the app with the flags the bench uses', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd).toBeDefined();
    expect(flagsOf((JSON.parse(cmd!) as string[]).join(' '))).toEqual(DEPLOYED_NODE_FLAGS);
  });
});
