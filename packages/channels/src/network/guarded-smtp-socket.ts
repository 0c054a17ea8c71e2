import { connect } from 'node:net';
import type { SMTPTransportGetSocket } from 'nodemailer/lib/smtp-transport';
import { guardedLookup, refusedHost, type Resolver } from './guarded-lookup';
import type { TargetPolicy } from './target-policy';

/**
 * nodemailer's `getSocket`: opens every new SMTP connection itself, through the target policy's
 * lookup, and hands nodemailer the connected socket (nodemailer's own resolver has no hook, and
 * would look the name up a second time). nodemailer still speaks TLS over it, implicit or
 * STARTTLS, verifying the certificate against the configured host name.
 */
export function guardedSmtpSocket(
  policy: TargetPolicy,
  timeoutMs: number,
  resolve?: Resolver,
): SMTPTransportGetSocket {
  const lookup = guardedLookup(policy, resolve);
  return (options, callback) => {
    const host = String(options.host ?? '');
    const refused = refusedHost(host, policy);
    if (refused) {
      setImmediate(() => callback(refused));
      return;
    }
    const socket = connect({ host, port: Number(options.port), lookup, autoSelectFamily: true });
    const timer = setTimeout(() => socket.destroy(connectTimeout(timeoutMs)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      callback(error);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      callback(null, { connection: socket });
    });
  };
}

function connectTimeout(timeoutMs: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}
