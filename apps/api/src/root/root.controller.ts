import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_VERSION } from '../config/app-version';

@ApiTags('root')
@Controller()
export class RootController {
  @Get()
  @ApiOperation({ summary: 'Service name, version and links' })
  describe() {
    return {
      // name, version, description, health and docs are the old service's fields, kept for its clients.
      name: 'Publishing API',
      service: 'publishing',
      version: APP_VERSION,
      description: 'Publishing API: channels, subscribers, templates, publications and analytics.',
      health: '/health',
      docs: '/api/v1/docs',
      links: {
        health: '/health',
        ready: '/health/ready',
        docs: '/api/v1/docs',
        openapi: '/api/v1/openapi.json',
      },
    };
  }
}
