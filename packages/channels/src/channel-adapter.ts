import type { RenderedMessage } from '@publishing/templating';

export interface ChannelInfo {
  id: string;
  name: string;
  type: string;
  configuration: Record<string, unknown>;
}

/** Everything one send needs; the message is already rendered for the channel's type. */
export interface DeliveryContext {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Absent for a channel test message, which belongs to no publication. */
  publicationId?: string;
  channel: ChannelInfo;
  subscriber: { id: string; email: string };
  message: RenderedMessage;
  /**
   * The signed one-click unsubscribe URL (RFC 8058) and its token. Absent for a test message to
   * an address that is no subscriber: email then goes without `List-Unsubscribe` headers.
   */
  unsubscribeUrl?: string;
  unsubscribeToken?: string;
  timeoutMs: number;
}

export interface SendResult {
  providerMessageId?: string;
  /** The HTTP status the endpoint answered (HTTP-based adapters). */
  statusCode?: number;
}

/** One delivery channel type. `send` resolves when the provider accepted the message. */
export interface ChannelAdapter {
  send(context: DeliveryContext): Promise<SendResult>;
  /** Releases pooled connections on shutdown (call once no send is in flight). */
  close?(): void;
}

export type FailureKind = 'transient' | 'permanent';

/**
 * A failed send, classified. `reason` is what `failure_reason` records: a short code such as
 * `http_400`, `http_503`, `timeout`, `network_error`, `invalid_address`,
 * `missing_configuration`, `recipient_rejected`, `smtp_auth_failed`, `smtp_451`.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly kind: FailureKind,
    readonly reason: string,
    message: string,
    /** A provider's `Retry-After`, in ms. */
    readonly retryAfterMs?: number,
    /** The HTTP status of a refused request; absent when no answer came back. */
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export const transientFailure = (
  reason: string,
  message: string,
  retryAfterMs?: number,
  statusCode?: number,
) => new DeliveryError('transient', reason, message, retryAfterMs, statusCode);

export const permanentFailure = (reason: string, message: string, statusCode?: number) =>
  new DeliveryError('permanent', reason, message, undefined, statusCode);

/** An unexpected error (a bug, not a provider answer) counts as transient: retried, then failed. */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return transientFailure('internal_error', message);
}
