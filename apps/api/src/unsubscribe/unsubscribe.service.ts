import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PrismaService } from '@publishing/db/nest';
import { verifyUnsubscribeToken, type UnsubscribeTokenClaims } from '@publishing/templating';
import { DomainError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';

export class InvalidUnsubscribeTokenError extends DomainError {
  readonly status = 400;
  constructor() {
    super('This unsubscribe link is invalid or was altered. Use the link from the latest email.');
  }
}

export interface UnsubscribeOutcome {
  subscriberId: string;
  /** The subscriber's address, partly hidden, for the confirmation page. */
  maskedEmail: string | null;
  /** False when this request unsubscribed them; true when they already were (or were erased). */
  alreadyUnsubscribed: boolean;
}

/** One-click unsubscribe links from sent emails (RFC 8058); the token is the only credential. */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly db: PrismaService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  verify(token: string | undefined): UnsubscribeTokenClaims {
    const claims = verifyUnsubscribeToken(
      this.config.get('SIGNING_SECRET', { infer: true }),
      token,
    );
    if (!claims) throw new InvalidUnsubscribeTokenError();
    return claims;
  }

  /** What the confirmation page shows; changes nothing (mail scanners prefetch GET links). */
  async preview(token: string | undefined): Promise<UnsubscribeOutcome> {
    const claims = this.verify(token);
    const subscriber = await this.db.subscriber.findUnique({ where: { id: claims.subscriberId } });
    return {
      subscriberId: claims.subscriberId,
      maskedEmail: subscriber ? maskEmail(subscriber.email) : null,
      alreadyUnsubscribed: !subscriber || subscriber.subscriptionStatus === 'unsubscribed',
    };
  }

  /**
   * Flips the subscriber to unsubscribed and records one `unsubscribe` event for the publication
   * the link came with; a repeated click changes nothing and records nothing.
   */
  async unsubscribe(token: string | undefined): Promise<UnsubscribeOutcome> {
    const claims = this.verify(token);
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.subscriber.updateMany({
        where: { id: claims.subscriberId, subscriptionStatus: { not: 'unsubscribed' } },
        data: { subscriptionStatus: 'unsubscribed' },
      });
      const subscriber = await tx.subscriber.findUnique({ where: { id: claims.subscriberId } });
      if (count > 0 && claims.publicationId) {
        const publication = await tx.publication.findUnique({
          where: { id: claims.publicationId },
          select: { id: true },
        });
        if (publication) {
          await tx.analyticsEvent.create({
            data: {
              publicationId: publication.id,
              subscriberId: claims.subscriberId,
              userId: subscriber?.userId ?? null,
              channelType: 'email',
              metricType: 'unsubscribe',
              metricValue: 1,
              metadataJson: { source: 'one-click' },
            },
          });
        }
      }
      return {
        subscriberId: claims.subscriberId,
        maskedEmail: subscriber ? maskEmail(subscriber.email) : null,
        alreadyUnsubscribed: count === 0,
      };
    });
  }
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(local.length - 1, 1))}@${domain}`;
}
