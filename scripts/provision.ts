// npm run provision: every server and tool of platform/provision/ into ~/.cache/complaint-engine.
import { provision } from '../platform/provision';
import { log } from '../platform/provision/commands';

provision().then(
  () => log('done'),
  (err) => {
    process.stderr.write(`[provision] FAILED: ${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  },
);
