#!/usr/bin/env node
// Lint Cypher statements with Neo4j's official linter
// (@neo4j-cypher/language-support, the engine behind the Neo4j VS Code
// extension and the Neo4j Browser/Workspace editors).
//
// Input : a JSON object {"name": "cypher statement", ...}, read from the file
//         given as the first argument, or from stdin when there is no argument
//         (or the argument is "-").
// Output: on stdout, a JSON object with only the statements that have errors:
//           {"name": [{"severity": 1, "message": "...", "offset": 12}], ...}
//         ({} when every statement is clean). Warnings (severity 2 and up) are
//         never counted as failures; they are reported separately on stderr as
//           {"warnings": {"name": [{...}], ...}}
//         when there are any.
// Exit  : 0 whatever the lint findings are (the caller decides what fails);
//         2 only when the input itself cannot be read or is not a JSON object
//         of strings, so a broken invocation is never mistaken for "no errors".
//
// The linter runs without a database schema ({}), so it checks syntax and
// semantics (undefined variables, wrong clause order, type errors, ...) but
// cannot know which parameters a caller will pass: "Parameter $x is not
// defined." diagnostics are dropped with the package's own isNotParamError.
// Note: the package declares node >=24 in "engines"; it works on node 20
// (npm prints an EBADENGINE warning at install time only).

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

// vscode-languageserver DiagnosticSeverity: 1 Error, 2 Warning, 3 Information, 4 Hint.
const SEVERITY_ERROR = 1;

function fail(message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(2);
}

function readInput() {
  const arg = process.argv[2];
  if (process.argv.length > 3) {
    fail('usage: node lint.mjs [statements.json | -]  (JSON object {"name": "cypher"})');
  }
  try {
    // fd 0 is stdin; readFileSync reads it to the end.
    return readFileSync(arg === undefined || arg === '-' ? 0 : arg, 'utf8');
  } catch (err) {
    fail(`cannot read ${arg ?? 'stdin'}: ${err.message}`);
  }
}

function parseStatements(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(`input is not valid JSON: ${err.message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail('input must be a JSON object mapping statement names to Cypher text');
  }
  for (const [name, statement] of Object.entries(data)) {
    if (typeof statement !== 'string') {
      fail(`statement ${JSON.stringify(name)} is not a string`);
    }
  }
  return data;
}

function simplify(diagnostic) {
  return {
    severity: diagnostic.severity,
    message: diagnostic.message,
    offset: diagnostic.offsets?.start ?? null,
  };
}

function lintOne(statement) {
  if (statement.trim() === '') {
    return [{ severity: SEVERITY_ERROR, message: 'Empty statement.', offset: 0 }];
  }
  try {
    const { diagnostics } = lintCypherQuery(statement, {});
    return diagnostics.filter(isNotParamError).map(simplify);
  } catch (err) {
    // A crash of the linter must not pass silently as "no errors".
    return [
      {
        severity: SEVERITY_ERROR,
        message: `linter crashed on this statement: ${err?.stack ?? err}`,
        offset: 0,
      },
    ];
  }
}

// Linting takes a good fraction of a second per statement, so the statements are
// shared out among worker threads, one per core.
function lintEntries(entries) {
  return entries.map(([name, statement]) => [name, lintOne(statement)]);
}

function lintInWorkers(entries) {
  const count = Math.max(1, Math.min(availableParallelism(), 8, entries.length));
  const chunks = Array.from({ length: count }, (_, i) => entries.filter((_, j) => j % count === i));
  return Promise.all(
    chunks.map(
      (chunk) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: chunk });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  ).then((parts) => parts.flat());
}

if (!isMainThread) {
  parentPort.postMessage(lintEntries(workerData));
} else {
  const statements = parseStatements(readInput());
  const results = await lintInWorkers(Object.entries(statements));
  const errors = {};
  const warnings = {};
  for (const [name, found] of results) {
    const errs = found.filter((d) => d.severity === SEVERITY_ERROR);
    const warns = found.filter((d) => d.severity !== SEVERITY_ERROR);
    if (errs.length > 0) errors[name] = errs;
    if (warns.length > 0) warnings[name] = warns;
  }
  if (Object.keys(warnings).length > 0) {
    process.stderr.write(`${JSON.stringify({ warnings })}\n`);
  }
  process.stdout.write(`${JSON.stringify(errors, null, 2)}\n`);
  process.exitCode = 0;
}
