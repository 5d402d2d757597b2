// docs/PROCEDURE.md and docs/REQUIREMENTS.md send a newcomer from an R-id to a file and a name:
// every `file` `name` they cite must exist, and the README must lead there.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** `path/file.ts` followed by one or more `name`s: the file and the names it must define. */
function citations(markdown: string): { file: string; names: string[] }[] {
  const found: { file: string; names: string[] }[] = [];
  for (const m of markdown.matchAll(/`([a-z][\w/.-]*\.ts)`((?:,?\s+`[A-Za-z_][\w.]*`)+)/g)) {
    found.push({ file: m[1], names: [...m[2].matchAll(/`([^`]+)`/g)].map((n) => n[1]) });
  }
  return found;
}

/** Why a citation does not hold, or undefined: the file exists and each name is a word in it. */
function brokenCitation({ file, names }: { file: string; names: string[] }): string | undefined {
  if (!existsSync(join(repoRoot, file))) return `${file} does not exist`;
  const source = read(file);
  const missing = names.flatMap((n) => n.split('.')).filter((n) => !new RegExp(`\\b${n}\\b`).test(source));
  return missing.length > 0 ? `${file} has no ${missing.join(', ')}` : undefined;
}

describe('docs/PROCEDURE.md', () => {
  const procedure = read('docs/PROCEDURE.md');

  it('tells every requirement R1–R13 and where it lives', () => {
    for (let r = 1; r <= 13; r++)
      expect(procedure).toMatch(new RegExp(`^\\| R${r} \\| .* \\| \`[^\`]+\\.ts\` \`\\w+\``, 'm'));
  });

  it('cites only files and names that exist', () => {
    const cited = citations(procedure);
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.map(brokenCitation).filter(Boolean)).toEqual([]);
  });

  it('is reached from the README', () => {
    expect(read('README.md')).toContain('docs/PROCEDURE.md');
  });
});

describe('docs/REQUIREMENTS.md', () => {
  it('cites only files and names that exist', () => {
    const cited = citations(read('docs/REQUIREMENTS.md'));
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.map(brokenCitation).filter(Boolean)).toEqual([]);
  });
});

describe('the citation check', () => {
  it('sees a name the file lacks', () => {
    expect(brokenCitation({ file: 'domain/calendar.ts', names: ['reviewDeadline'] })).toBeUndefined();
    expect(brokenCitation({ file: 'domain/calendar.ts', names: ['noSuchFunction'] })).toMatch(/has no noSuchFunction/);
    expect(brokenCitation({ file: 'domain/nowhere.ts', names: ['x'] })).toMatch(/does not exist/);
    expect(citations('see `db/outbox.ts` `listLetters`, `findLetter` and `x.ts`')).toEqual([
      { file: 'db/outbox.ts', names: ['listLetters', 'findLetter'] },
    ]);
  });
});
