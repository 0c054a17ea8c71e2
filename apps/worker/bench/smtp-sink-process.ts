import { SmtpSink } from '@publishing/testing';

/**
 * The benchmark's SMTP receiver, in its own process so that parsing mail does not share the
 * worker's event loop: reports how many messages it accepted to its parent over IPC.
 */
async function main(): Promise<void> {
  const sink = await new SmtpSink().start();
  process.send?.({ type: 'listening', port: sink.port });
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'count') process.send?.({ type: 'count', count: sink.received.length });
    else if (message.type === 'stop') void sink.stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

void main();
