// Every SQL statement of the application is in db/, named for what it answers; the API, the
// activities and the processes call those functions (the tests and the benchmark may query freely).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const APPLICATION = ['domain', 'activities', 'workflows', 'platform', 'api', 'worker', 'cluster', 'scripts'];

/** A query built with kysely (or raw SQL through its `sql` tag) in code. */
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`/;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Code without its comments, so a comment may name `sql` or a table. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('SQL only in db/', () => {
  const files = APPLICATION.flatMap((dir) => typeScriptFiles(join(repoRoot, dir)));
  const withSql = files
    .filter((f) => QUERY.test(withoutComments(readFileSync(f, 'utf8'))))
    .map((f) => relative(repoRoot, f));

  it('finds SQL where there is some', () => {
    expect(QUERY.test("db.selectFrom('complaints').selectAll()")).toBe(true);
    expect(QUERY.test('await sql`select 1`.execute(db)')).toBe(true);
    expect(QUERY.test('sql<string>`count(*)`')).toBe(true);
    expect(QUERY.test('await findComplaint(db, id)')).toBe(false);
    expect(files.length).toBeGreaterThan(50);
  });

  it('has no statement outside db/', () => {
    expect(withSql).toEqual([]);
  });
});
