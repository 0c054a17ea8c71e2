import { runMigrator } from './cli/program';

// A reader that stops early (`pnpm migrate --help | head`) closes the pipe: it has what it wanted,
// so that is the end of the output, not a crash with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

// Exit as soon as the command is done, with its exit code, once the output is flushed: nothing
// left open (a pool, a timer) may keep the process alive after its work is finished.
void runMigrator(process.argv.slice(2)).then((code) => {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
