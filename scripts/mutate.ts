// `npm run mutate -- [paths…] [--workers N] [--limit N] [--resume]`: plants small, realistic bugs in the
// code one at a time (a comparison flipped or moved by one, a condition or a call dropped, a
// property left out, `&&` for `||`) and runs the unit tests that load that file against each.
// A mutant no test fails on is a bug the suite would let through. Prints every survivor and the
// score; default paths: src/jobs src/plan src/pricing src/api/confine.ts src/mcp.
//
// How: tsc's output (out/) is copied into one sandbox per worker; a mutant is the source with one
// edit, transpiled alone (ts.transpileModule) over its file's compiled JavaScript there; the unit
// test files that load that file (found once, by running each test file alone) run with --bail.
// Each verdict is appended to mutation-results/verdicts.jsonl as it comes (a full run takes an
// hour or two on two cores); `--resume` skips the mutants already judged there, keyed by the
// mutant and its file's text, so a changed file is judged again.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../test/support/paths';

const DEFAULT_PATHS = ['src/jobs', 'src/plan', 'src/pricing', 'src/api/confine.ts', 'src/mcp'];
const MUTANT_TIMEOUT_MS = 40_000;

export interface Mutant {
  /** Repository-relative path of the source file. */
  readonly file: string;
  readonly line: number;
  /** What was changed, as a person would say it. */
  readonly what: string;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

const FLIPS: Partial<Record<ts.SyntaxKind, [ts.SyntaxKind, string][]>> = {
  [ts.SyntaxKind.LessThanToken]: [[ts.SyntaxKind.LessThanEqualsToken, '<=']],
  [ts.SyntaxKind.LessThanEqualsToken]: [[ts.SyntaxKind.LessThanToken, '<']],
  [ts.SyntaxKind.GreaterThanToken]: [[ts.SyntaxKind.GreaterThanEqualsToken, '>=']],
  [ts.SyntaxKind.GreaterThanEqualsToken]: [[ts.SyntaxKind.GreaterThanToken, '>']],
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: [[ts.SyntaxKind.ExclamationEqualsEqualsToken, '!==']],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: [[ts.SyntaxKind.EqualsEqualsEqualsToken, '===']],
  [ts.SyntaxKind.AmpersandAmpersandToken]: [[ts.SyntaxKind.BarBarToken, '||']],
  [ts.SyntaxKind.BarBarToken]: [[ts.SyntaxKind.AmpersandAmpersandToken, '&&']],
};

/** Every mutant of one source file. */
export function mutantsOf(file: string, text: string): Mutant[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Mutant[] = [];
  const add = (node: ts.Node, what: string, replacement: string, start = node.getStart(source), end = node.getEnd()) =>
    out.push({ file, line: source.getLineAndCharacterOfPosition(start).line + 1, what, start, end, replacement });
  const code = (node: ts.Node) => text.slice(node.getStart(source), node.getEnd());

  const visit = (node: ts.Node): void => {
    // Types say nothing at run time; a mutant there is no mutant.
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken;
      for (const [, word] of FLIPS[op.kind] ?? []) add(op, `${op.getText(source)} → ${word}`, word);
      if (op.kind === ts.SyntaxKind.QuestionQuestionToken)
        add(node, `a ?? b → b ?? a`, `(${code(node.right)}) ?? (${code(node.left)})`);
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
      add(node, `!x → x`, `(${code(node.operand)})`);
    if (node.kind === ts.SyntaxKind.TrueKeyword) add(node, 'true → false', 'false');
    if (node.kind === ts.SyntaxKind.FalseKeyword) add(node, 'false → true', 'true');
    // A limit or a boundary moved by one: a number compared with, or a named constant's value.
    if (ts.isNumericLiteral(node) && isLimit(node)) {
      const n = Number(node.text);
      if (Number.isInteger(n) && n < 10_000) {
        add(node, `${node.text} → ${n + 1}`, String(n + 1));
        if (n > 0) add(node, `${node.text} → ${n - 1}`, String(n - 1));
      }
    }
    if (ts.isIfStatement(node)) {
      add(node.expression, 'if (…) → if (true)', 'true');
      add(node.expression, 'if (…) → if (false)', 'false');
    }
    if (ts.isExpressionStatement(node)) {
      const e = ts.isAwaitExpression(node.expression) ? node.expression.expression : node.expression;
      if (ts.isCallExpression(e) || ts.isBinaryExpression(e))
        add(node, `statement removed: ${firstLine(code(node))}`, ';');
    }
    if (ts.isReturnStatement(node) && ts.isIfStatement(node.parent))
      add(node, `guard's return removed: ${firstLine(code(node))}`, ';');
    if (ts.isThrowStatement(node)) add(node, `throw removed: ${firstLine(code(node))}`, ';');
    // A field left out of a new value made from an old one ({ ...job, phase, finishedAt }).
    // (A spread of the old value stays; a conditional one, `...(x && { x })`, is a field too.)
    if (ts.isObjectLiteralExpression(node) && node.properties.some(ts.isSpreadAssignment))
      for (const prop of node.properties.filter((p) => !ts.isSpreadAssignment(p) || isConditionalField(p))) {
        const at = prop.getStart(source);
        // The property and the comma after it (or before it, for the last one).
        const next = node.properties[node.properties.indexOf(prop) + 1];
        add(prop, `property left out: ${firstLine(code(prop))}`, '', at, next ? next.getStart(source) : prop.getEnd());
      }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function isConditionalField(p: ts.SpreadAssignment): boolean {
  const e = ts.isParenthesizedExpression(p.expression) ? p.expression.expression : p.expression;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
}

function isLimit(node: ts.NumericLiteral): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return Boolean(FLIPS[parent.operatorToken.kind]);
  return ts.isVariableDeclaration(parent) && ts.isSourceFile(parent.parent?.parent?.parent);
}

const firstLine = (s: string) =>
  s.split('\n')[0].length > 70 ? `${s.split('\n')[0].slice(0, 67)}…` : s.split('\n')[0];

/** The source with the mutant's edit, transpiled the way tsc compiles the project. */
function compile(m: Mutant, text: string): string | undefined {
  const mutated = text.slice(0, m.start) + m.replacement + text.slice(m.end);
  const result = ts.transpileModule(mutated, {
    fileName: m.file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  return result.diagnostics?.length ? undefined : result.outputText;
}

function sourceFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const abs = join(REPO_ROOT, p);
    if (statSync(abs).isDirectory())
      for (const f of readdirSync(abs, { recursive: true }) as string[]) {
        if (f.endsWith('.ts') && !f.endsWith('.d.ts')) files.push(join(p, f));
      }
    else files.push(p);
  }
  return files.sort();
}

/** A folder that runs the compiled suite like the repository does, with its own copy of out/. */
function sandbox(n: number): string {
  const dir = join(tmpdir(), `seedance-mutate-${process.pid}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of [
    'node_modules',
    'test',
    'package.json',
    '.mocharc.json',
    'src',
    'l10n',
    'package.nls.json',
    'package.nls.ar.json',
    'media',
    'README.md',
    'CHANGELOG.md',
    'docs',
  ])
    if (existsSync(join(REPO_ROOT, entry))) symlinkSync(join(REPO_ROOT, entry), join(dir, entry));
  cpSync(join(REPO_ROOT, 'out'), join(dir, 'out'), { recursive: true });
  return dir;
}

const mocha = (dir: string) => join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** For each compiled source file, the unit test files that load it (each test file run alone, once). */
function coverage(dir: string): Map<string, string[]> {
  const tests = readdirSync(join(dir, 'out', 'test', 'unit')).filter((f) => f.endsWith('.test.js'));
  const hook = join(dir, 'out', 'scripts', 'mutateLoads.js');
  const byFile = new Map<string, string[]>();
  for (const t of tests) {
    const loads = join(dir, `loads-${t}`);
    spawnSync(
      process.execPath,
      [mocha(dir), '--no-config', '--timeout', '20000', '--reporter', 'dot', join('out', 'test', 'unit', t)],
      {
        cwd: dir,
        // In every process of the test file, servers it starts included (test/support/childEnv.ts).
        env: { ...process.env, SEEDANCE_MUTATE_LOADS: loads, NODE_OPTIONS: `--require ${hook}` },
        stdio: 'ignore',
      },
    );
    const loaded = new Set(
      readdirSync(dir)
        .filter((f) => f.startsWith(`loads-${t}.`))
        .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as string[]),
    );
    // Keyed by the source file (src/…/x.ts), the same in every sandbox.
    for (const f of loaded) {
      const source = relative(join(dir, 'out'), f).replace(/\.js$/, '.ts');
      byFile.set(source, [...(byFile.get(source) ?? []), join('out', 'test', 'unit', t)]);
    }
  }
  return byFile;
}

type Verdict = 'killed' | 'survived' | 'timeout' | 'no coverage' | 'invalid';

function runMutant(dir: string, m: Mutant, text: string, tests: string[] | undefined): Promise<Verdict> {
  if (!tests?.length) return Promise.resolve('no coverage');
  const js = compile(m, text);
  if (js === undefined) return Promise.resolve('invalid');
  const target = join(dir, 'out', m.file.replace(/\.ts$/, '.js'));
  const original = readFileSync(target, 'utf8');
  writeFileSync(target, js);
  return new Promise<Verdict>((resolve) => {
    const child = spawn(
      process.execPath,
      [mocha(dir), '--no-config', '--bail', '--reporter', 'dot', '--timeout', '20000', ...tests],
      {
        cwd: dir,
        stdio: 'ignore',
        detached: true,
      },
    );
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
      resolve('timeout');
    }, MUTANT_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? 'survived' : 'killed');
    });
  }).finally(() => writeFileSync(target, original));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  };
  const resume = args.includes('--resume');
  if (resume) args.splice(args.indexOf('--resume'), 1);
  const workers = option('--workers') ?? 2;
  const limit = option('--limit');
  const files = sourceFiles(args.length ? args : DEFAULT_PATHS);
  let mutants = files.flatMap((f) => mutantsOf(f, readFileSync(join(REPO_ROOT, f), 'utf8')));
  if (limit) mutants = mutants.filter((_, i) => i % Math.ceil(mutants.length / limit) === 0);
  const sandboxes = Array.from({ length: workers }, (_, i) => sandbox(i));
  console.log(`${mutants.length} mutants in ${files.length} files; finding which unit tests load each file…`);
  const covered = coverage(sandboxes[0]);
  console.log(`${covered.size} source files are loaded by at least one unit test file`);
  const texts = new Map(files.map((f) => [f, readFileSync(join(REPO_ROOT, f), 'utf8')]));
  const verdicts: { m: Mutant; v: Verdict }[] = [];
  const results = join(REPO_ROOT, 'mutation-results');
  mkdirSync(results, { recursive: true });
  const log = join(results, 'verdicts.jsonl');
  const keyOf = (m: Mutant) =>
    createHash('sha256')
      .update(`${texts.get(m.file)}\0${m.start}\0${m.end}\0${m.replacement}`)
      .digest('hex');
  const judged = new Map<string, Verdict>();
  if (resume && existsSync(log)) {
    for (const line of readFileSync(log, 'utf8').split('\n'))
      if (line.trim()) {
        const { key, v } = JSON.parse(line) as { key: string; v: Verdict };
        judged.set(key, v);
      }
  } else writeFileSync(log, '');
  const todo = mutants.filter((m) => {
    const v = judged.get(keyOf(m));
    if (v) verdicts.push({ m, v });
    return !v;
  });
  if (verdicts.length) console.log(`${verdicts.length} judged in an earlier run (--resume); ${todo.length} to go`);
  const started = Date.now();
  let next = 0;
  await Promise.all(
    sandboxes.map(async (dir) => {
      for (let i = next++; i < todo.length; i = next++) {
        const m = todo[i];
        const v = await runMutant(dir, m, texts.get(m.file)!, covered.get(m.file));
        verdicts.push({ m, v });
        appendFileSync(log, `${JSON.stringify({ key: keyOf(m), file: m.file, line: m.line, what: m.what, v })}\n`);
        if (verdicts.length % 50 === 0)
          console.log(`  ${verdicts.length}/${mutants.length} (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }),
  );
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
  const count = (v: Verdict) => verdicts.filter((x) => x.v === v).length;
  const detected = count('killed') + count('timeout');
  const valid = verdicts.length - count('invalid');
  const survivors = verdicts.filter((x) => x.v === 'survived' || x.v === 'no coverage');
  survivors.sort((a, b) => a.m.file.localeCompare(b.m.file) || a.m.line - b.m.line);
  console.log('\nSurvivors (no unit test failed on them):');
  for (const { m, v } of survivors)
    console.log(`  ${m.file}:${m.line}  ${m.what}${v === 'no coverage' ? '  [no unit test loads this file]' : ''}`);
  console.log('\nBy file: detected / valid mutants');
  for (const f of files) {
    const mine = verdicts.filter((x) => x.m.file === f && x.v !== 'invalid');
    if (mine.length)
      console.log(
        `  ${String(mine.filter((x) => x.v === 'killed' || x.v === 'timeout').length).padStart(4)} / ${String(mine.length).padEnd(4)} ${relative('.', f)}`,
      );
  }
  const coveredValid = valid - count('no coverage');
  console.log(
    `\n${verdicts.length} mutants: ${count('killed')} killed, ${count('timeout')} timed out, ${count('survived')} survived, ${count('no coverage')} in files no unit test loads, ${count('invalid')} not valid code`,
  );
  console.log(
    `mutation score ${((100 * detected) / valid).toFixed(1)}% (${detected} of ${valid}); of covered code ${((100 * detected) / coveredValid).toFixed(1)}% (${detected} of ${coveredValid}); ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return 0;
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
