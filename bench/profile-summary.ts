// Where a worker's CPU went: the self time of each .cpuprofile (`node --cpu-prof`, one per thread)
// grouped by what the code is. Usage: tsx bench/profile-summary.ts <dir> [filings]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The first rule a frame matches names its group. */
const GROUPS: Array<[string, (url: string, fn: string) => boolean]> = [
  ['idle', (_u, fn) => fn === '(idle)'],
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['workflow code in the sandbox (bundle)', (u) => /workflow-bundle|\/workflows\//.test(u)],
  ['SDK: workflow activations (worker thread, vm)', (u) => /@temporalio\/worker\/lib\/workflow/.test(u)],
  ['payload conversion and codec', (u) => /converter|payload-codec|data-converter|protobufjs|proto/.test(u)],
  ['local activities: register (kysely, pg)', (u) => /\/activities\/|\/db\/|kysely|\/pg|pg-protocol/.test(u)],
  ['SDK: worker, core bridge', (u) => /@temporalio/.test(u)],
  ['node internals', (u) => u.startsWith('node:') || u === ''],
  ['other JavaScript', () => true],
];

function summarise(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { url, functionName } = byId.get(id)!.callFrame;
    const group = GROUPS.find(([, test]) => test(url, functionName))![0];
    totals.set(group, (totals.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

const [dir, filings] = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const totals = summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
  const busy = [...totals].filter(([g]) => g !== 'idle').reduce((a, [, ms]) => a + ms, 0);
  process.stdout.write(`${file}: ${Math.round(busy)} ms busy\n`);
  for (const [group, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
    const per = filings ? `  ${(ms / Number(filings)).toFixed(2)} ms per filing` : '';
    process.stdout.write(`  ${group.padEnd(48)} ${Math.round(ms).toString().padStart(7)} ms${per}\n`);
  }
}
