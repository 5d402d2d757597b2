export default async function globalTeardown(): Promise<void> {
  await (globalThis as any).__temporal?.teardown();
  await (globalThis as any).__postgres?.stop();
}
