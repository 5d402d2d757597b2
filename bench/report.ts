// The table the benchmark prints and the machine its figures came from.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';

export interface Row {
  figure: string;
  value: number | undefined;
  unit: string;
  /** 'min' means value ≥ target, 'max' value ≤ target; no target: information only. */
  target?: { bound: 'min' | 'max'; value: number };
}

export const verdict = (row: Row): 'ok' | 'miss' | '' => {
  if (!row.target) return '';
  if (row.value === undefined || Number.isNaN(row.value)) return 'miss';
  return (row.target.bound === 'min' ? row.value >= row.target.value : row.value <= row.target.value) ? 'ok' : 'miss';
};

export function renderTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.figure,
    r.value === undefined || Number.isNaN(r.value) ? 'n/a' : `${r.value} ${r.unit}`.trim(),
    r.target ? `${r.target.bound === 'min' ? '≥' : '≤'} ${r.target.value} ${r.unit}`.trim() : '',
    verdict(r),
  ]);
  const header = ['figure', 'value', 'target', 'ok/miss'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function machine() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain') ?? '').length > 0,
  };
}

/** The same figures of several servers in one table: one value column and one verdict per server. */
export function renderSideBySide(runs: Array<{ name: string; rows: Row[] }>): string {
  const figures = [...new Set(runs.flatMap((r) => r.rows.map((row) => row.figure)))];
  const cell = (row?: Row) =>
    row?.value === undefined || Number.isNaN(row.value) ? 'n/a' : `${row.value} ${row.unit}`.trim();
  const header = ['figure', ...runs.map((r) => r.name), 'target', ...runs.map((r) => `${r.name} ok/miss`)];
  const cells = figures.map((figure) => {
    const rows = runs.map((r) => r.rows.find((row) => row.figure === figure));
    const target = rows.find((row) => row?.target)?.target;
    const unit = rows.find(Boolean)?.unit ?? '';
    return [
      figure,
      ...rows.map((row) => (row ? cell(row) : '-')),
      target ? `${target.bound === 'min' ? '≥' : '≤'} ${target.value} ${unit}`.trim() : '',
      ...rows.map((row) => (row ? verdict(row) : '')),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
