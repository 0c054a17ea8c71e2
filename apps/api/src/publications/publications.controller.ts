import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PublicationType } from '@publishing/db';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';
import { addRequestWarning } from '../common/request-warnings';
import { CreatePublicationDto } from './dto/create-publication.dto';
import { ListPublicationsQueryDto } from './dto/list-publications-query.dto';
import { ScheduleNewsletterDto } from './dto/schedule-newsletter.dto';
import { TestPublicationDto } from './dto/test-publication.dto';
import { UpdatePublicationDto } from './dto/update-publication.dto';
import { PublicationTestSender } from './publication-test-sender';
import { presentPublication } from './publications.presenter';
import { PublicationsService } from './publications.service';

@ApiTags('publications')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('publications')
export class PublicationsController {
  constructor(
    private readonly publications: PublicationsService,
    private readonly testSender: PublicationTestSender,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a publication; 422 names each unusable channel or template' })
  async create(@Body() body: CreatePublicationDto) {
    return presentPublication(await this.publications.create(body));
  }

  @Post('newsletter/schedule')
  @ApiOperation({ summary: 'Schedule a newsletter (as create, type forced to newsletter)' })
  async scheduleNewsletter(@Body() { publication_type: sent, ...body }: ScheduleNewsletterDto) {
    if (sent !== undefined && sent !== PublicationType.newsletter) {
      const shown = typeof sent === 'string' ? `'${sent.slice(0, 40)}'` : `(a ${typeof sent})`;
      addRequestWarning(
        `publication_type ${shown} ignored: this route always schedules a newsletter`,
      );
    }
    return presentPublication(
      await this.publications.create({ ...body, publication_type: PublicationType.newsletter }),
    );
  }

  @Get()
  @ApiOperation({ summary: 'List publications, newest first, with filters and a total' })
  async list(@Query() query: ListPublicationsQueryDto) {
    const page = await this.publications.list(query);
    return {
      publications: page.rows.map(presentPublication),
      ...paginationFields(query, page),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One publication; 404 when absent' })
  async get(@UuidParam('id') id: string) {
    return presentPublication(await this.publications.get(id));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update a scheduled publication; 409 in any other status' })
  async replace(@UuidParam('id') id: string, @Body() body: UpdatePublicationDto) {
    return presentPublication(await this.publications.update(id, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a scheduled publication; 409 in any other status' })
  async update(@UuidParam('id') id: string, @Body() body: UpdatePublicationDto) {
    return presentPublication(await this.publications.update(id, body));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Cancel a scheduled or processing publication (the row is kept); 409 otherwise',
  })
  async cancel(@UuidParam('id') id: string) {
    const publication = presentPublication(await this.publications.cancel(id));
    // `message` is what the old service answered; its clients show it.
    return { ...publication, message: `Publication ${publication.id} cancelled successfully` };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reschedule a failed publication in 5 minutes; 409 otherwise' })
  async retry(@UuidParam('id') id: string) {
    const publication = presentPublication(await this.publications.retry(id));
    return { ...publication, message: `Publication ${publication.id} queued for retry` };
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Really send the rendered publication to test_email (email channels) or to up to 50 active subscribers of its channels; records no deliveries',
  })
  test(@UuidParam('id') id: string, @Body() body: TestPublicationDto) {
    return this.testSender.send(id, body.test_email);
  }
}
