import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The worker's Temporal runtime, installed before the first connection: WARN-level SDK logs and,
 * when an address is given, Prometheus metrics of the worker itself (workflow task failures,
 * schedule-to-start latency, sticky cache) at http://<address>/metrics.
 */
export function installWorkerRuntime(metricsAddress: string | undefined): void {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {},
  });
}
