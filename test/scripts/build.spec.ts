import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The script behind `npm start` and the tools: compile only when dist/ is missing or older than its sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason, build, STAMP } = require('../../scripts/build.cjs') as {
  staleReason(root: string): string | null;
  build(root: string): void;
  STAMP: string;
};

describe('scripts/build.cjs: compile only when needed', () => {
  let root: string;
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));
  const write = (file: string, text: string, time: Date) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    fs.utimesSync(full, time, time);
  };
  const touchFolder = (folder: string, time: Date) => fs.utimesSync(path.join(root, folder), time, time);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-build-'));
    write('src/main.ts', 'export const answer = 42;\n', at(0));
    write('src/questions/question.ts', 'export const q = 1;\n', at(0));
    touchFolder('src/questions', at(0));
    touchFolder('src', at(0));
    write('tsconfig.json', '{}', at(0));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('compiles when dist/ is missing', () => {
    expect(staleReason(root)).toBe('dist/ is missing');
  });

  it('compiles when dist/ has no stamp (built by another tool)', () => {
    write('dist/main.js', '', at(10));
    expect(staleReason(root)).toBe('dist/ was not built by this script');
  });

  it('skips compiling when the stamp is newer than every source, folder and tsconfig', () => {
    write('dist/main.js', '', at(10));
    write(`dist/${STAMP}`, '', at(10));
    expect(staleReason(root)).toBeNull();
  });

  it('compiles when a source changed after the stamp', () => {
    write('dist/main.js', '', at(10));
    write(`dist/${STAMP}`, '', at(10));
    write('src/questions/question.ts', 'export const q = 2;\n', at(20));
    expect(staleReason(root)).toBe('sources changed since the last build');
  });

  it('compiles when a file was deleted (its folder changed) or a tsconfig changed, but not for a test file', () => {
    write('dist/main.js', '', at(10));
    write(`dist/${STAMP}`, '', at(10));
    write('src/questions/question.spec.ts', 'test', at(20));
    touchFolder('src/questions', at(0));
    expect(staleReason(root)).toBeNull();

    touchFolder('src/questions', at(30));
    expect(staleReason(root)).toBe('sources changed since the last build');
    touchFolder('src/questions', at(0));
    write('tsconfig.json', '{"compilerOptions":{}}', at(30));
    expect(staleReason(root)).toBe('sources changed since the last build');
  });

  it('uses dist/ as it is where there are no sources (the container image)', () => {
    fs.rmSync(path.join(root, 'src'), { recursive: true });
    write('dist/main.js', '', at(10));
    expect(staleReason(root)).toBeNull();
  });

  it('compiles with the installed TypeScript, removes stale output, stamps, and is then up to date', () => {
    fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(root, 'node_modules'));
    write(
      'tsconfig.build.json',
      JSON.stringify({ compilerOptions: { module: 'commonjs', rootDir: './src', outDir: './dist', skipLibCheck: true }, include: ['src/**/*.ts'] }),
      at(0),
    );
    write('dist/deleted-source.js', 'stale', at(0));

    build(root);

    expect(fs.readFileSync(path.join(root, 'dist/main.js'), 'utf8')).toContain('exports.answer = 42');
    expect(fs.existsSync(path.join(root, 'dist/deleted-source.js'))).toBe(false);
    expect(staleReason(root)).toBeNull();
  }, 60_000);

  it('says what to do when dist/ must be compiled and TypeScript is not installed', () => {
    expect(() => build(root)).toThrow('run `npm install`');
  });
});
