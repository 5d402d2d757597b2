import { stopSharedKeycloak } from './keycloak';

/** Both server projects name this teardown: the first one stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  stopSharedKeycloak();
  const g = globalThis as any;
  const [temporal, postgres] = [g.__temporal, g.__postgres];
  g.__temporal = g.__postgres = undefined;
  await temporal?.teardown();
  await postgres?.stop();
}
