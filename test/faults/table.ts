// One row per fault: the table printed at the end and the rows written to .fault-results.json.
import { writeFileSync } from 'node:fs';
import type { Check, Inspection } from './verify';

export interface FaultRow {
  fault: string;
  complaints: number;
  lost: number;
  duplicates: number;
  halfMade: number;
  result: 'pass' | 'fail';
  seconds: number;
  checks: Check[];
  /** Facts worth reading next to the verdict: timings, answers seen during the fault. */
  notes: string[];
  /** What went wrong, for a fault that could not run to its end. */
  error?: string;
  /** Examples (complaint ids only, never content) behind non-zero counts. */
  examples?: { lost: string[]; duplicates: string[]; halfMade: string[] };
}

/** The row of a fault from its inspection and its own checks. */
export function rowOf(
  fault: string,
  complaints: number,
  inspection: Inspection | undefined,
  checks: Check[],
  notes: string[],
  startedAt: number,
): FaultRow {
  const lost = inspection?.lost.length ?? complaints;
  const duplicates = inspection?.duplicates.length ?? 0;
  const halfMade = inspection?.halfMade.length ?? 0;
  const all = inspection ? [inspection.numbering, ...checks] : checks;
  const ok = !!inspection && lost === 0 && duplicates === 0 && halfMade === 0 && all.every((c) => c.ok);
  return {
    fault,
    complaints,
    lost,
    duplicates,
    halfMade,
    result: ok ? 'pass' : 'fail',
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
    checks: all,
    notes,
    examples:
      inspection && (lost || duplicates || halfMade)
        ? {
            lost: inspection.lost.slice(0, 5),
            duplicates: inspection.duplicates.slice(0, 5),
            halfMade: inspection.halfMade.slice(0, 5),
          }
        : undefined,
  };
}

export function failedRow(
  fault: string,
  complaints: number,
  error: unknown,
  startedAt: number,
  checks: Check[] = [],
  notes: string[] = [],
): FaultRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    fault,
    complaints,
    lost: 0,
    duplicates: 0,
    halfMade: 0,
    result: 'fail',
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
    checks: [...checks, { name: 'the fault ran to its end', ok: false, detail: message.slice(0, 400) }],
    notes,
    error: message.slice(0, 400),
  };
}

export function formatTable(rows: FaultRow[]): string {
  const head = ['fault', 'complaints', 'lost', 'duplicates', 'half-made', 'result', 'time'];
  const body = rows.map((r) => [
    r.fault,
    String(r.complaints),
    String(r.lost),
    String(r.duplicates),
    String(r.halfMade),
    r.result.toUpperCase(),
    `${r.seconds} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

export function formatDetails(rows: FaultRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`${r.result === 'pass' ? 'PASS' : 'FAIL'} ${r.fault}`);
    for (const c of r.checks) out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    for (const n of r.notes) out.push(`  note ${n}`);
    if (r.examples) {
      for (const [kind, list] of Object.entries(r.examples))
        if (list.length) out.push(`  e.g. ${kind}: ${list.join('; ')}`);
    }
  }
  return out.join('\n');
}

export function writeResults(file: string, rows: FaultRow[], meta: Record<string, unknown>): void {
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
}
