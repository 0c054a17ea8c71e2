/** Jest `globalTeardown`: removes what the global setup made, also when tests failed. */
export default async function teardown(): Promise<void> {
  await globalThis.publishingTestDatabaseServer?.teardown();
  globalThis.publishingTestDatabaseServer = undefined;
}
