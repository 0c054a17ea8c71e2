import { runMigrator } from './cli/program';

// Exit as soon as the command is done: the WebAssembly schema engine can leave a timer behind
// that would otherwise keep the process alive for seconds after its work is finished.
void runMigrator(process.argv.slice(2)).then((code) => {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
