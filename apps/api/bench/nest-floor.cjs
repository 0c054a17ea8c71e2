#!/usr/bin/env node
// The benchmark's second baseline: what Nest + Prisma cost with none of the API's own layers.
// A Nest application with one controller that calls the API's own compiled services and
// presenters (apps/api/dist, so the same Prisma calls and the same SQL), the cached API-key check
// of ApiKeysService, and the same JSON envelope and X-Correlation-ID header. No middleware
// (metrics, logging, security headers, allowed hosts, CORS), no guards, no throttler, no
// validation pipe, no interceptor, no exception filter: between this and the API lies what those
// cost; between this and bare-server.cjs, what Nest and Prisma cost.
//
// Env: DATABASE_URL, PORT, FLOOR_PLATFORM=express (default) or fastify, FLOOR_ASYNC_CONTEXT=1 (each
// request runs in an AsyncLocalStorage context, as the API's request-scoped logger and warnings do:
// what Node's promise hooks cost).
require('reflect-metadata');
const { AsyncLocalStorage } = require('node:async_hooks');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  Param,
  Post,
  Query,
  Req,
  Res,
} = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { PrismaModule } = require('@publishing/db/nest');

const DIST = join(__dirname, '../dist');
const { ApiKeysService } = require(join(DIST, 'auth/api-keys.service.js'));
const { PublicationsService } = require(join(DIST, 'publications/publications.service.js'));
const { presentPublication } = require(join(DIST, 'publications/publications.presenter.js'));
const { SubscribersService } = require(join(DIST, 'subscribers/subscribers.service.js'));
const { presentSubscriber } = require(join(DIST, 'subscribers/subscribers.presenter.js'));
const { paginationFields } = require(join(DIST, 'common/pagination/list-response.js'));

const PLATFORM = process.env.FLOOR_PLATFORM === 'fastify' ? 'fastify' : 'express';
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

class Unauthorized extends Error {}

/** Plain JavaScript has no decorator syntax: apply Nest's decorators as TypeScript would. */
function decorateMethod(target, name, decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  Reflect.decorate(decorators, target.prototype, name, descriptor);
}

function parameter(target, name, index, decorator) {
  decorator(target.prototype, name, index);
}

class FloorController {
  constructor(apiKeys, publications, subscribers) {
    this.apiKeys = apiKeys;
    this.publications = publications;
    this.subscribers = subscribers;
  }

  async answer(request, response, work) {
    const incoming = request.headers['x-correlation-id'];
    const correlationId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    response.header('X-Correlation-ID', correlationId);
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const key = await this.apiKeys.authenticate(bearer ?? request.headers['x-api-key'] ?? '');
    if (!key) throw new Unauthorized('The API key is invalid, expired or revoked.');
    return {
      data: await work(),
      meta: { timestamp: new Date().toISOString(), request_id: correlationId },
      errors: [],
    };
  }

  listPublications(request, response, query) {
    return this.answer(request, response, async () => {
      const page = pageOf(query, 20);
      const listed = await this.publications.list(page);
      return {
        publications: listed.rows.map(presentPublication),
        ...paginationFields(page, listed),
      };
    });
  }

  getPublication(request, response, id) {
    return this.answer(request, response, async () =>
      presentPublication(await this.publications.get(id)),
    );
  }

  listSubscribers(request, response, query) {
    return this.answer(request, response, async () => {
      const page = pageOf(query, 50);
      const listed = await this.subscribers.list(page);
      return { subscribers: listed.rows.map(presentSubscriber), ...paginationFields(page, listed) };
    });
  }

  createSubscriber(request, response, body) {
    return this.answer(request, response, async () =>
      presentSubscriber(
        await this.subscribers.create({
          email: String(body.email).trim(),
          preferred_channels: [],
          preferred_channel_types: [],
          topic_interests: body.topic_interests ?? {},
          frequency_settings: {},
          personalization_data: {},
        }),
      ),
    );
  }
}

function pageOf(query, defaultLimit) {
  return { limit: query.limit === undefined ? defaultLimit : Number(query.limit), offset: 0 };
}

Reflect.decorate([Controller('api/v1')], FloorController);
for (const [index, service] of [
  ApiKeysService,
  PublicationsService,
  SubscribersService,
].entries()) {
  Inject(service)(FloorController, undefined, index);
}
const passthrough = () => Res({ passthrough: true });
decorateMethod(FloorController, 'listPublications', [Get('publications')]);
decorateMethod(FloorController, 'getPublication', [Get('publications/:id')]);
decorateMethod(FloorController, 'listSubscribers', [Get('subscribers')]);
decorateMethod(FloorController, 'createSubscriber', [Post('subscribers'), HttpCode(201)]);
for (const name of ['listPublications', 'getPublication', 'listSubscribers', 'createSubscriber']) {
  parameter(FloorController, name, 0, Req());
  parameter(FloorController, name, 1, passthrough());
}
parameter(FloorController, 'listPublications', 2, Query());
parameter(FloorController, 'getPublication', 2, Param('id'));
parameter(FloorController, 'listSubscribers', 2, Query());
parameter(FloorController, 'createSubscriber', 2, Body());

class HealthController {
  health() {
    return { status: 'healthy' };
  }
}
Reflect.decorate([Controller('health')], HealthController);
decorateMethod(HealthController, 'health', [Get()]);

class FloorModule {}
Reflect.decorate(
  [
    Module({
      imports: [
        PrismaModule.forRoot({
          databaseUrl: process.env.DATABASE_URL,
          applicationName: 'publishing-bench-floor',
          isGlobal: true,
        }),
      ],
      controllers: [FloorController, HealthController],
      providers: [ApiKeysService, PublicationsService, SubscribersService],
    }),
  ],
  FloorModule,
);

async function adapter() {
  if (PLATFORM === 'express') return undefined;
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  return new FastifyAdapter();
}

async function main() {
  const app = await NestFactory.create(FloorModule, await adapter(), { logger: ['error'] });
  // As the API: no ETag computed per response (Fastify computes none).
  if (PLATFORM === 'express') app.set('etag', false);
  if (process.env.FLOOR_ASYNC_CONTEXT === '1') {
    const context = new AsyncLocalStorage();
    app.use((_request, _response, next) => context.run({}, next));
  }
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.stdout.write(`Nest floor (${PLATFORM}) on port ${app.getHttpServer().address().port}\n`);
  const stop = () => app.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
