// `npm run backup -- --npm-start` and its restore on a data directory of npm start's shape: the copy
// is refused while its PostgreSQL runs (a copy of two stores in motion is no moment), taken when
// stopped, and copied back with what was there kept aside.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const scripts = resolve(__dirname, '..', '..', 'scripts');
const run = (script: string, args: string[], dataDir: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(scripts, script), ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'npm-start-data-'));
  mkdirSync(join(dataDir, 'pg'));
  writeFileSync(join(dataDir, 'pg', 'PG_VERSION'), '18\n');
  writeFileSync(join(dataDir, 'temporal.db'), 'history as of the backup');
  writeFileSync(join(dataDir, 'payload-keys'), 'k1:key');
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

it('refuses while npm start runs, copies when stopped, and restores the copy', () => {
  writeFileSync(join(dataDir, 'pg', 'postmaster.pid'), '12345\n');
  expect(() => run('backup.ts', ['--npm-start'], dataDir)).toThrow(/npm start is running/);
  rmSync(join(dataDir, 'pg', 'postmaster.pid'));

  const out = run('backup.ts', ['--npm-start'], dataDir);
  const backupDir = /into (\S+)/.exec(out)![1];
  expect(readFileSync(join(backupDir, 'data', 'temporal.db'), 'utf8')).toBe('history as of the backup');
  expect(existsSync(join(backupDir, 'data', 'pg', 'PG_VERSION'))).toBe(true);
  expect(existsSync(join(backupDir, 'data', 'backups'))).toBe(false);
  expect(JSON.parse(readFileSync(join(backupDir, 'backup.json'), 'utf8')).kind).toBe('npm-start');

  writeFileSync(join(dataDir, 'temporal.db'), 'history after the backup');
  expect(() => run('restore.ts', [backupDir, '--to', '2026-12-02T06:00:00Z'], dataDir)).toThrow(/one moment/);
  run('restore.ts', [backupDir], dataDir);
  expect(readFileSync(join(dataDir, 'temporal.db'), 'utf8')).toBe('history as of the backup');
  expect(readdirSync(dataDir).filter((name) => name.startsWith('temporal.db.before-restore-'))).toHaveLength(1);
});
