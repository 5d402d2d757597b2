import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { uiServerPath } from './provision/paths';

export interface TemporalUiOptions {
  /** The Temporal frontend (gRPC) the UI reads from. */
  temporalAddress: string;
  /** Its own port, on 127.0.0.1 only: browsers reach it through the API (api/temporal-ui-proxy.ts). */
  port: number;
  /** Where it is mounted on the API, e.g. `/temporal-ui`. */
  publicPath: string;
  /** Where the browser decodes payloads: a path on the API's own origin. */
  codecEndpoint: string;
  /** A directory for its config file. */
  configDir: string;
}

export interface RunningTemporalUi {
  /** `http://127.0.0.1:<port>`: only the API's proxy talks to it. */
  upstream: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The Temporal UI server with every write action off (terminate, cancel, signal, update, reset,
 * batch, start, activity commands): the register and the workflows change only through the API,
 * where the law's rules (R1–R13) and the actor's key are checked. `undefined` when no UI server
 * is provisioned.
 */
export async function startTemporalUi(options: TemporalUiOptions): Promise<RunningTemporalUi | undefined> {
  const executable = uiServerPath();
  if (!executable) return undefined;
  mkdirSync(options.configDir, { recursive: true, mode: 0o700 });
  // The UI server reads <config>/base.yaml (then <env>.yaml, absent here); JSON is YAML as well.
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: '127.0.0.1',
    port: options.port,
    publicPath: options.publicPath,
    enableUi: true,
    defaultNamespace: 'default',
    hideLogs: true,
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [], unsafeAllowAllOrigins: false },
    codec: { endpoint: options.codecEndpoint, passAccessToken: false, includeCredentials: true },
    disableWriteActions: true,
    workflowTerminateDisabled: true,
    workflowCancelDisabled: true,
    workflowSignalDisabled: true,
    workflowUpdateDisabled: true,
    workflowResetDisabled: true,
    batchActionsDisabled: true,
    startWorkflowDisabled: true,
    activityCommandsDisabled: true,
    auth: { enabled: false, providers: [] },
  };
  writeFileSync(join(options.configDir, 'base.yaml'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const child = spawn(executable, ['--root', options.configDir, '--config', '.', 'start'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => {
    output = (output + c.toString()).slice(-2000);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  for (let i = 0; !(await accepts(options.port)); i++) {
    if (child.exitCode !== null || i >= 300) {
      child.kill('SIGKILL');
      throw new Error(`the Temporal UI server did not start:\n${output}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    upstream: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}
