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
      service: 'publishing',
      version: APP_VERSION,
      description: 'Publishing API: channels, subscribers, templates, publications and analytics.',
      links: {
        health: '/health',
        ready: '/health/ready',
        docs: '/api/v1/docs',
        openapi: '/api/v1/openapi.json',
      },
    };
  }
}
