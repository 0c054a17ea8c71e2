import { RequestMethod, type INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { envelopeHandlerResults } from './common/envelope';
import { allowedHosts } from './common/middleware/allowed-hosts';
import { REQUEST_LOGGER, type RequestLogger } from './common/logging/request-logging';
import { correlationId } from './common/middleware/correlation-id';
import { requestWarnings } from './common/request-warnings';
import { securityHeaders } from './common/middleware/security-headers';
import { answerClientErrorsWithProblems } from './common/server/client-errors';
import { createValidationPipe } from './common/validation';
import { CONSOLE_PATH, consoleStatic } from './console/console-static';
import type { ApiConfig } from './config/app-config';
import { APP_VERSION } from './config/app-version';
import { HttpMetrics } from './metrics/http-metrics';

export const API_PREFIX = 'api/v1';

/** Everything `main.ts` and the e2e tests share: prefix, pipes, body limit, CORS, docs. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ConfigService<ApiConfig, true>>(ConfigService);
  const bodyLimit = config.get('BODY_LIMIT', { infer: true });
  const corsOrigins = config.get('CORS_ORIGINS', { infer: true });
  // Responses are per-request data; hashing each body for an ETag nobody revalidates is waste.
  app.set('etag', false);
  app.disable('x-powered-by');
  // `request.ip`, which per-client limits count by, is the client behind these proxies.
  app.set('trust proxy', config.get('TRUST_PROXY', { infer: true }));
  answerClientErrorsWithProblems(app.getHttpServer());
  app.use(app.get(HttpMetrics).middleware);
  app.use(correlationId);
  app.use(securityHeaders());
  app.use(app.get<RequestLogger>(REQUEST_LOGGER));
  app.use(allowedHosts(config.get('ALLOWED_HOSTS', { infer: true })));
  app.useBodyParser('json', { limit: bodyLimit });
  // RFC 8058 one-click unsubscribe POSTs `List-Unsubscribe=One-Click` form-encoded.
  app.useBodyParser('urlencoded', { limit: bodyLimit, extended: false });
  app.use(requestWarnings);
  // Public, like the page it is: the console asks for an API key itself and sends it to /api/v1.
  app.use(CONSOLE_PATH, consoleStatic(config.get('CONSOLE_DIR', { infer: true })));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  envelopeHandlerResults(app);
  app.enableCors({
    origin: corsOrigins.includes('*') ? '*' : corsOrigins.length > 0 ? corsOrigins : false,
    credentials: !corsOrigins.includes('*'),
    exposedHeaders: ['X-Correlation-ID', 'Retry-After'],
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Publishing API')
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
  });
  return app;
}
