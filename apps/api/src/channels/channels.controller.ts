import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ChannelsService } from './channels.service';
import { presentChannel } from './channels.presenter';
import { CreateChannelDto } from './dto/create-channel.dto';
import { ListChannelsQueryDto } from './dto/list-channels-query.dto';
import { TestChannelDto } from './dto/test-channel.dto';
import { UpdateChannelDto } from './dto/update-channel.dto';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';

@ApiTags('channels')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'Channels, newest first, filtered by type, activity and name' })
  async list(@Query() query: ListChannelsQueryDto) {
    const page = await this.channels.list(query);
    return {
      channels: page.rows.map(presentChannel),
      ...paginationFields(query, page),
    };
  }

  @Post()
  @ApiOperation({ summary: 'Create a channel; 409 when the name is taken' })
  async create(@Body() body: CreateChannelDto) {
    return presentChannel(await this.channels.create(body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One channel, secrets masked' })
  async get(@UuidParam('id') id: string) {
    return presentChannel(await this.channels.get(id));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update name, configuration or is_active (absent fields are kept)' })
  async update(@UuidParam('id') id: string, @Body() body: UpdateChannelDto) {
    return presentChannel(await this.channels.update(id, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Same as PUT: a partial update' })
  async patch(@UuidParam('id') id: string, @Body() body: UpdateChannelDto) {
    return presentChannel(await this.channels.update(id, body));
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Delete a channel; 409 while scheduled or processing publications use it; deactivated instead when finished publications reference it',
  })
  remove(@UuidParam('id') id: string) {
    return this.channels.remove(id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Send a real test message through the channel (email to test_email or from_email, webhook, Slack, Discord); 501 for RSS; 409 when inactive',
  })
  test(@UuidParam('id') id: string, @Body() body: TestChannelDto) {
    return this.channels.sendTest(id, body.test_email);
  }
}
