// npm run idp: the demo identity provider (Keycloak with platform/idp/complaints-realm.json) on
// loopback, and the settings that point `npm start` at it. Ctrl-C stops it; nothing is kept.
import { DEMO_AUDIENCE, DEMO_CLIENTS, DEMO_PASSWORD, startKeycloak } from '../platform/idp/keycloak';

const say = (line: string) => process.stdout.write(`[idp] ${line}\n`);

async function main(): Promise<void> {
  const port = Number(process.env.IDP_PORT ?? 8180);
  const apiPort = Number(process.env.PORT ?? 3000);
  say(`starting Keycloak on http://127.0.0.1:${port} with the demo realm (about a minute)`);
  const keycloak = await startKeycloak({ port });
  say(`Keycloak is up: admin console ${keycloak.url}/admin/ (${keycloak.admin.username} / ${keycloak.admin.password})`);
  say('start the engine against it in another terminal:');
  say('');
  for (const line of [
    `OIDC_ISSUER=${keycloak.issuer}`,
    `OIDC_CLIENT_ID=${DEMO_CLIENTS.workbench.id}`,
    `OIDC_CLIENT_SECRET=${DEMO_CLIENTS.workbench.secret}`,
    `OIDC_REDIRECT_URL=http://localhost:${apiPort}/auth/callback`,
    `OIDC_AUDIENCE=${DEMO_AUDIENCE}`,
  ])
    process.stdout.write(`  export ${line}\n`);
  process.stdout.write('  npm start\n\n');
  say(`people (password ${DEMO_PASSWORD}): official.con (con-almaty), official.akimat (akimat-almaty),`);
  say(
    `  auditor, admin, no.role (refused: no role); open http://localhost:${apiPort}/app (the host of OIDC_REDIRECT_URL)`,
  );
  say(`a system's token: curl -d grant_type=client_credentials -d client_id=${DEMO_CLIENTS.intake.id} \\`);
  say(`  -d client_secret=${DEMO_CLIENTS.intake.secret} ${keycloak.issuer}/protocol/openid-connect/token`);
  const stop = () => {
    say('stopping Keycloak');
    void keycloak.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  keycloak.child.on('exit', (code) => {
    say(`Keycloak exited with ${code}`);
    process.exit(code ?? 1);
  });
}

main().catch((err) => {
  process.stderr.write(`[idp] FAILED: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
