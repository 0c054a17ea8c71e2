import helmet from 'helmet';

/**
 * Helmet's safe headers (nosniff, frame and referrer policies, HSTS, a CSP), tuned for what this
 * API serves besides JSON:
 * - the Swagger UI at `/api/v1/docs` loads its scripts, styles and the OpenAPI document from this
 *   origin and uses inline styles and `data:` images, all of which Helmet's default CSP allows;
 * - `upgrade-insecure-requests` is left out, or the docs page would break wherever the API is
 *   reached over plain HTTP (`pnpm dev`, a cluster-internal address);
 * - the open-tracking pixel is loaded cross-origin by webmail clients, so resources may be
 *   embedded from any origin (`Cross-Origin-Resource-Policy: cross-origin`); CORS itself is
 *   unchanged (`enableCors` decides `Access-Control-*`).
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { upgradeInsecureRequests: null },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
