import { SmtpSink } from '@publishing/testing';

/**
 * The benchmark's SMTP receiver, in its own process: reports how many messages it accepted to its
 * parent over IPC. It counts them without parsing them: a provider's server runs elsewhere, and
 * mailparser's work here would take CPU from the worker, its database and the webhook sink.
 */
async function main(): Promise<void> {
  const sink = new SmtpSink();
  sink.keepMessages = false;
  await sink.start();
  process.send?.({ type: 'listening', port: sink.port });
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'count') process.send?.({ type: 'count', count: sink.accepted });
    else if (message.type === 'stop') void sink.stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

void main();
