// Runs a CommonJS file from V8's code cache of an earlier run, so a start skips compiling the
// functions that run used (about 20 ms of a migrator start). Node 20 has no
// module.enableCompileCache (Node 22 does), so this is the same idea with node:vm.
// The cache sits beside the file, written when a run finds it missing, stale or rejected; a folder
// that cannot be written (a read-only image) just means no cache. V8 checks the cache against its
// own version and flags but compares sources by length only, so the cache is keyed by the file's
// content hash. Node 20 cannot import() from code compiled out of a code cache, so the file must
// not use import() (bundle.cjs compiles it to require()).
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

const KEY_BYTES = 20;

function runWithCodeCache(file, parent) {
  const cacheFile = `${file}.cache`;
  const bytes = readFileSync(file);
  const key = createHash('sha1').update(bytes).digest();
  const cached = readOptional(cacheFile);
  const cachedData =
    cached && cached.subarray(0, KEY_BYTES).equals(key) ? cached.subarray(KEY_BYTES) : undefined;
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), {
    filename: file,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit, the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => writeCache(cacheFile, key, script.createCachedData()));
  }
  const module = new Module(file, parent);
  module.filename = file;
  const wrapper = script.runInThisContext();
  wrapper.call(
    module.exports,
    module.exports,
    Module.createRequire(file),
    module,
    file,
    dirname(file),
  );
  return module.exports;
}

function readOptional(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile, key, data) {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, Buffer.concat([key, data]));
    renameSync(partial, cacheFile);
  } catch {
    rmSync(partial, { force: true });
  }
}

module.exports = { runWithCodeCache };
