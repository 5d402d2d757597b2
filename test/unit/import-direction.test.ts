// Imports point down. Every relative import of every .ts file in the repository (static, type-only,
// re-exports, dynamic import(), require() and require.resolve()) is checked against the layers
// below; a folder in the same layer as another never imports it (the API does not import the worker).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const repoRoot = resolve(__dirname, '..', '..');

/** Lowest first. A file may import its own folder and anything in a lower layer. */
const LAYERS: readonly (readonly string[])[] = [
  ['domain'], // pure rules, schemas, the calendar
  ['db'], // the register: every SQL statement
  ['activities'], // the workflow's side effects, over db/
  ['workflows'], // deterministic code over domain/ (type-only imports of activities/)
  ['platform'], // what the processes share: configuration, Temporal connection, codec, servers
  ['api', 'worker', 'cluster'], // the processes, side by side: none imports another
  ['scripts'], // npm start, npm run cluster, apikey, openapi: assemble the processes
  ['test/support'], // helpers of the tests and the benchmark
  ['bench'], // npm run bench
  ['test'], // unit, workflow, integration, fault and cluster suites
];

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage', '.git', '.schemathesis']);

/** The folder (an entry of LAYERS) a repository path belongs to, or undefined outside every layer. */
function unitOf(path: string): string | undefined {
  const posix = path.split(sep).join('/');
  const units = LAYERS.flat().sort((a, b) => b.length - a.length);
  return units.find((unit) => posix === unit || posix.startsWith(`${unit}/`));
}

function rankOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

/** Why an import from one repository file to another points the wrong way, or undefined if it does not. */
function upwardImport(from: string, to: string): string | undefined {
  const fromUnit = unitOf(from);
  const toUnit = unitOf(to);
  if (fromUnit === undefined) return `${from} is in no layer`;
  if (toUnit === undefined || toUnit === fromUnit) return undefined;
  if (rankOf(toUnit) < rankOf(fromUnit)) return undefined;
  return rankOf(toUnit) === rankOf(fromUnit)
    ? `${from} imports ${to}: ${fromUnit}/ and ${toUnit}/ are side by side`
    : `${from} imports ${to}: ${toUnit}/ is above ${fromUnit}/`;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : typeScriptFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: the compiler's own reading (comments and strings skipped). */
function relativeSpecifiers(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  const specifiers = info.importedFiles.map((f) => f.fileName);
  for (const match of source.matchAll(/require\.resolve\(\s*['"]([^'"]+)['"]/g)) specifiers.push(match[1]);
  return specifiers.filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** The repository file a relative specifier names (a .ts file, a folder's index.ts, or a data file). */
function resolveImport(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) throw new Error(`${relative(repoRoot, fromFile)}: cannot resolve '${specifier}'`);
  return relative(repoRoot, found);
}

interface Import {
  from: string;
  to: string;
}

function everyImport(): Import[] {
  return typeScriptFiles(repoRoot).flatMap((file) =>
    relativeSpecifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      from: relative(repoRoot, file),
      to: resolveImport(file, specifier),
    })),
  );
}

describe('imports point down (domain ← db ← activities ← workflows ← platform ← api | worker | cluster ← scripts)', () => {
  const imports = everyImport();

  it('reads the imports of the whole tree', () => {
    // The scan itself must see the tree: the edges the layering is about are all there.
    expect(imports).toEqual(
      expect.arrayContaining([
        { from: 'api/main.ts', to: 'platform/config.ts' },
        { from: 'worker/main.ts', to: 'platform/config.ts' },
        { from: 'platform/dev-server.ts', to: 'platform/provision/paths.ts' },
        { from: 'platform/data-converter.ts', to: 'workflows/failure-converter.ts' },
      ]),
    );
  });

  it('puts every .ts file in a layer', () => {
    const outside = [...new Set(imports.map((i) => i.from))].filter((f) => unitOf(f) === undefined);
    expect(outside).toEqual([]);
  });

  it('has no import that points up or sideways', () => {
    const wrong = imports.map((i) => upwardImport(i.from, i.to)).filter((why) => why !== undefined);
    expect(wrong).toEqual([]);
  });

  it('tells an upward or sideways import from a downward one', () => {
    expect(upwardImport('api/main.ts', 'worker/config.ts')).toMatch(/side by side/);
    expect(upwardImport('worker/dev-server.ts', 'scripts/provision/paths.ts')).toMatch(/scripts\/ is above worker\//);
    expect(upwardImport('activities/review.ts', 'workflows/complaint-messages.ts')).toMatch(/above/);
    expect(upwardImport('test/support/complaints.ts', 'bench/run.ts')).toMatch(/above/);
    expect(upwardImport('bench/run.ts', 'test/support/complaints.ts')).toBeUndefined();
    expect(upwardImport('workflows/complaint.ts', 'domain/complaint-rules.ts')).toBeUndefined();
    expect(upwardImport('test/cluster/run.ts', 'test/faults/table.ts')).toBeUndefined();
  });
});
