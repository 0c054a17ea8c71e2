import { runMigrator } from './cli/program';

void runMigrator(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
