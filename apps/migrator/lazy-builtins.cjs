// An esbuild plugin for bundle.cjs: Node built-ins that bundled packages require as they load but
// use only on paths a migrator run seldom takes are loaded on first use instead. Each costs a
// deploy with nothing to do its load (child_process about 2 ms under load) for nothing.
// Only for CommonJS importers that call the module's functions: a proxy has no own keys for
// esbuild's ES-module interop to copy.
const LAZY = [
  // commander: spawns a subcommand's executable; the migrator has none.
  { builtin: 'node:child_process', importer: /[\\/]commander[\\/]lib[\\/]/ },
  // pg: dns.lookup only for the native driver's connection string.
  { builtin: 'dns', importer: /[\\/]pg[\\/]lib[\\/]connection-parameters\.js$/ },
];

const NAMESPACE = 'lazy-builtin';

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(${LAZY.map(({ builtin }) => builtin).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      if (args.namespace === NAMESPACE) return { path: args.path, external: true };
      const lazy = LAZY.some(
        ({ builtin, importer }) => builtin === args.path && importer.test(args.importer),
      );
      return lazy ? { path: args.path, namespace: NAMESPACE } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: [
        `let loaded;`,
        `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`,
        `module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

module.exports = { lazyBuiltins };
