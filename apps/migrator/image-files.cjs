// The migrator image's files, written to a folder that becomes the image's /app:
//   node apps/migrator/image-files.cjs OUT
// OUT/apps/migrator: bin/ and the bundle (dist/migrate.cjs, its source map for DEBUG=migrator and
// the licences of what it holds);
// OUT/node_modules: the packages the bundle loads at run time (externals.cjs), with their own
// dependencies, and of @publishing/db only its authoring module, which data.ts files import.
// Nothing else of the workspace's node_modules: the bundle holds the rest. Run after the build;
// prisma/ is copied beside it by the Dockerfile.
const {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');
const externals = require('./externals.cjs');

const APP_FILES = [
  'bin/migrate.cjs',
  'bin/code-cache.cjs',
  'dist/migrate.cjs',
  'dist/migrate.cjs.map',
  'dist/migrate.cjs.LEGAL.txt',
];
const AUTHORING_PACKAGE = join(__dirname, '../../packages/db');
/** Declarations, source maps and nested installs are of no use at run time. */
const SKIPPED = /(^node_modules$|\.d\.[cm]?ts$|\.map$)/;

function writeImageFiles(out) {
  for (const file of APP_FILES) {
    const from = join(__dirname, file);
    if (!existsSync(from)) throw new Error(`${from} is missing: build @publishing/migrator first`);
    cpSync(from, join(out, 'apps/migrator', file));
  }
  const copied = new Map();
  for (const name of externals.runtime)
    copyPackage(name, __dirname, join(out, 'node_modules'), copied);
  writeAuthoringModule(join(out, 'node_modules/@publishing/db'));
  return [...copied.keys()].sort();
}

/** Copies a package as installed (symbolic links followed) and, flat beside it, its dependencies. */
function copyPackage(name, requiredFrom, modules, copied) {
  const source = findPackage(name, requiredFrom);
  const { version, dependencies = {} } = readJson(join(source, 'package.json'));
  const already = copied.get(name);
  if (already !== undefined) {
    if (already !== version) {
      throw new Error(
        `${name} is needed at ${already} and ${version}: one node_modules cannot hold both`,
      );
    }
    return;
  }
  copied.set(name, version);
  cpSync(source, join(modules, name), {
    recursive: true,
    dereference: true,
    filter: (path) => !SKIPPED.test(basename(path)),
  });
  for (const dependency of Object.keys(dependencies))
    copyPackage(dependency, source, modules, copied);
}

/** Node's lookup of a package folder: node_modules/NAME in the folder, then in each parent. */
function findPackage(name, from) {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(folder) === folder)
      throw new Error(`${name} is not installed (looked from ${from})`);
  }
}

/** `@publishing/db/data-migration` (dependency-free CommonJS), under a manifest that exports only it. */
function writeAuthoringModule(target) {
  const built = join(AUTHORING_PACKAGE, 'dist/data-migration');
  if (!existsSync(join(built, 'index.js')))
    throw new Error(`${built} is missing: build @publishing/db first`);
  const { name, version } = readJson(join(AUTHORING_PACKAGE, 'package.json'));
  mkdirSync(target, { recursive: true });
  cpSync(built, join(target, 'dist/data-migration'), {
    recursive: true,
    filter: (path) => !SKIPPED.test(basename(path)),
  });
  const manifest = {
    name,
    version,
    private: true,
    exports: { './data-migration': './dist/data-migration/index.js' },
  };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

module.exports = { writeImageFiles };

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node apps/migrator/image-files.cjs OUT');
    process.exit(2);
  }
  try {
    const packages = writeImageFiles(resolve(out));
    console.log(`${out}: the migrator's bundle and ${packages.join(', ')}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
