// The migrator as one CommonJS file, dist/migrate.cjs, which bin/migrate.cjs runs. A deploy with
// nothing to do would otherwise spend most of its time resolving and compiling ~300 modules.
const { build } = require('esbuild');
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const externals = require('./externals.cjs');

async function main() {
  const result = await build({
    absWorkingDir: __dirname,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/migrate.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    // Stack traces (DEBUG=migrator) need only the mappings: without the sources' text the map is a
    // third of the size (0.7 MB), in the image too.
    sourcesContent: false,
    // The workspace packages from their TypeScript sources, whose ES imports let zod be bundled once
    // (their compiled CommonJS would bring zod's CommonJS copy beside the ES one).
    alias: {
      '@publishing/config': '../../packages/config/src',
      '@publishing/db': '../../packages/db/src',
      '@publishing/logging': '../../packages/logging/src',
    },
    // Left out (externals.cjs says why), so direct dependencies of the migrator.
    external: [...externals.runtime, ...externals.developmentOnly, ...externals.optional],
    // Node 20 has no `navigator` (Node 21+ has this userAgent). Without it, pg's and zod's
    // Cloudflare checks construct a `Response`, which loads Node's whole fetch implementation.
    define: { navigator: '{"userAgent":"Node.js"}' },
    // Less to read and compile at each start; names stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    // Licence comments to dist/migrate.cjs.LEGAL.txt; what remains is ASCII, which Node decodes
    // several times faster than text with a single other character.
    legalComments: 'linked',
    // import() of the ES-module-only externals becomes require() (Node >= 20.19 loads ES modules
    // that way, the engines field's floor): code compiled from V8's code cache cannot import() on
    // Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), see bin/code-cache.cjs.
    supported: { 'dynamic-import': false },
    metafile: true,
    logLevel: 'warning',
  });
  const bundle = Object.values(result.metafile.outputs).find((output) => output.entryPoint);
  console.log(`dist/migrate.cjs: ${Math.round(bundle.bytes / 1024)} KiB`);
  // The caches beside the bundle (bin/code-cache.cjs, src/sql/parse-cache.ts) start over.
  for (const cache of ['dist/migrate.cjs.cache', 'dist/migrate.cjs.parsed'])
    rmSync(join(__dirname, cache), { force: true });
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
