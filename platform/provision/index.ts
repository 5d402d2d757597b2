// Builds or fetches the Temporal servers from the registries these machines reach (Go module
// proxy, Maven Central) into a cache outside the repository: the dev server (the CLI), the
// time-skipping test server, and the real Temporal server with its SQL tool and schemas; and
// Keycloak, the identity provider of the sign-in tests.
import { log } from './commands';
import { provisionComposeCheck } from './compose-check';
import { provisionKeycloak } from './keycloak';
import { provisionTemporalCli } from './temporal-cli';
import { provisionTemporalServer } from './temporal-server';
import { provisionTemporalUi } from './temporal-ui';
import { provisionTestServer } from './test-server';

export async function provision(): Promise<void> {
  await provisionTestServer();
  await provisionTemporalCli();
  await provisionTemporalUi();
  // The real server of `npm run cluster` and its tests; WITH_CLUSTER=0 skips the long first build.
  if (process.env.WITH_CLUSTER !== '0') await provisionTemporalServer();
  // The Compose file's checker (test/unit/compose-file.test.ts).
  await provisionComposeCheck();
  // The identity provider of the sign-in tests and of `npm run idp` (Keycloak, Maven Central).
  await provisionKeycloak();
}

/**
 * Used by `npm start` and `npm test`: provisions what is missing; when it cannot (no Go, Java or
 * Maven), says so and leaves the SDK to download its servers, which needs the internet.
 */
export async function provisionIfMissing(): Promise<void> {
  for (const step of [provisionTestServer, provisionTemporalCli]) {
    await step().catch((err: Error) => log(`${err.message}; falling back to the SDK's download`));
  }
  // Without it npm start runs no Temporal UI (the CLI and the API's history still serve auditors).
  await provisionTemporalUi().catch((err: Error) => log(`${err.message}; npm start runs without the Temporal UI`));
}
