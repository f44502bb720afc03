// Lets a child process started by a test run the TypeScript sources as they
// are (`node --import ./test/support/transpile-register.mjs src/….ts`), the
// way ts-jest runs them in the test process: each file transpiled alone, types
// not checked (the build checks them). For tests that need a second process.
import fs from 'node:fs';
import Module from 'node:module';
import ts from 'typescript';

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
};

Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};
