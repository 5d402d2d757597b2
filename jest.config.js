// Three projects: pure unit tests, workflow tests on the time-skipping test server, and
// integration tests on the Temporal dev server; the last two with real PostgreSQL.
// openid-client, jose and oauth4webapi ship ES modules only: compiled to CommonJS like our own code.
const ESM_ONLY = '(openid-client|jose|oauth4webapi)';
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  [`node_modules/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest'],
};
const project = (name) => ({
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  transform,
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  testEnvironment: 'node',
  setupFiles: name === 'unit' ? [] : ['<rootDir>/test/support/quiet-runtime.ts'],
  // Servers only for the projects that use them: `jest --selectProjects unit` starts none. Jest runs
  // a project's global setup only when a test of that project runs; the setup starts the servers once.
  ...(name === 'unit'
    ? {}
    : {
        globalSetup: '<rootDir>/test/support/global-setup.ts',
        globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      }),
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [project('unit'), project('workflow'), project('integration')],
  testTimeout: 120_000,
  // The Temporal runtime keeps native threads alive after the last test.
  forceExit: true,
};
