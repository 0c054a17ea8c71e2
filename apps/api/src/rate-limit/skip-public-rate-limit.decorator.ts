import { SetMetadata } from '@nestjs/common';

export const SKIP_PUBLIC_RATE_LIMIT = 'publishing:skip-public-rate-limit';
/**
 * The public route is never refused for its client's budget: it answers anyway and uses
 * `PublicRouteBudget` itself to decide what work to skip (tracking links stop recording).
 */
export const SkipPublicRateLimit = () => SetMetadata(SKIP_PUBLIC_RATE_LIMIT, true);
