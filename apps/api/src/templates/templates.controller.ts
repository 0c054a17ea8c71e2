import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CreateTemplateDto } from './dto/create-template.dto';
import { ListTemplatesQueryDto } from './dto/list-templates-query.dto';
import { PreviewTemplateDto } from './dto/preview-template.dto';
import { UpdateTemplateDto } from './dto/update-template.dto';
import { presentPreview, presentTemplate } from './templates.presenter';
import { TemplatesService } from './templates.service';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';

@ApiTags('templates')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'List templates, newest first, filtered by type and activity' })
  async list(@Query() query: ListTemplatesQueryDto) {
    const page = await this.templates.list(query);
    return {
      templates: page.rows.map(presentTemplate),
      ...paginationFields(query, page),
    };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a template; 422 names each invalid part, undeclared variable or Liquid error',
  })
  async create(@Body() body: CreateTemplateDto) {
    return presentTemplate(await this.templates.create(body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One template; 404 when absent' })
  async get(@UuidParam('id') id: string) {
    return presentTemplate(await this.templates.get(id));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update a template (fields left out are kept)' })
  async replace(@UuidParam('id') id: string, @Body() body: UpdateTemplateDto) {
    return presentTemplate(await this.templates.update(id, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update some fields of a template' })
  async update(@UuidParam('id') id: string, @Body() body: UpdateTemplateDto) {
    return presentTemplate(await this.templates.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a template; 409 while scheduled or processing publications use it',
  })
  async remove(@UuidParam('id') id: string): Promise<void> {
    await this.templates.remove(id);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Render the template for its channel type with sample variables',
    description:
      'Renders with the engine the worker delivers with: email → `{subject, html, text}` (values ' +
      'HTML-escaped in the HTML, `text` is `body_text` or derived from the HTML), slack and ' +
      'discord → `{text}`, webhook → `{payload}`. Built-ins get sample values (subscriber ' +
      '`subscriber@example.com`, an unsubscribe link with a `preview` token) unless `variables` ' +
      'sets them. 422 names `variables.<name>` for a missing required, mistyped or undeclared ' +
      'variable.',
  })
  async preview(@UuidParam('id') id: string, @Body() body: PreviewTemplateDto) {
    return presentPreview(await this.templates.preview(id, body.variables ?? {}));
  }
}
