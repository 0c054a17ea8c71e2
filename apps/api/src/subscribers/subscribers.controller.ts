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
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';
import { CreateSubscriberDto } from './dto/create-subscriber.dto';
import { ListSubscribersQueryDto } from './dto/list-subscribers-query.dto';
import { SubscribeToChannelDto } from './dto/subscribe-to-channel.dto';
import { UpdateSubscriberDto } from './dto/update-subscriber.dto';
import { presentSubscriber, presentSubscription } from './subscribers.presenter';
import { SubscribersService } from './subscribers.service';

@ApiTags('subscribers')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get()
  @ApiOperation({ summary: 'Subscribers, newest first, filtered by status, email and channel' })
  async list(@Query() query: ListSubscribersQueryDto) {
    const page = await this.subscribers.list(query);
    return {
      subscribers: page.rows.map(presentSubscriber),
      ...paginationFields(query, page),
    };
  }

  @Post()
  @ApiOperation({
    summary: 'Create an active subscriber; 409 when the email exists in any letter case',
  })
  async create(@Body() body: CreateSubscriberDto) {
    return presentSubscriber(await this.subscribers.create(body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscriber' })
  async get(@UuidParam('id') id: string) {
    return presentSubscriber(await this.subscribers.get(id));
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Update fields (absent ones are kept); preferred_channels replaces the subscriptions',
  })
  async update(@UuidParam('id') id: string, @Body() body: UpdateSubscriberDto) {
    return presentSubscriber(await this.subscribers.update(id, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Same as PUT: a partial update' })
  async patch(@UuidParam('id') id: string, @Body() body: UpdateSubscriberDto) {
    return presentSubscriber(await this.subscribers.update(id, body));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Erase a subscriber with its subscriptions and deliveries; events are anonymised',
  })
  async erase(@UuidParam('id') id: string) {
    await this.subscribers.erase(id);
    return { id, deleted: true };
  }

  @Post(':id/unsubscribe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set the status to unsubscribed (idempotent)' })
  async unsubscribe(@UuidParam('id') id: string) {
    return presentSubscriber(await this.subscribers.unsubscribe(id));
  }

  @Get(':id/channels')
  @ApiOperation({ summary: "The subscriber's channel subscriptions" })
  async subscriptions(@UuidParam('id') id: string) {
    const subscriptions = await this.subscribers.subscriptions(id);
    return { subscriber_id: id, subscriptions: subscriptions.map(presentSubscription) };
  }

  @Post(':id/channels')
  @ApiOperation({
    summary: 'Subscribe to a channel; 409 when already subscribed, 422 when the channel is unknown',
  })
  async subscribe(@UuidParam('id') id: string, @Body() body: SubscribeToChannelDto) {
    return presentSubscription(await this.subscribers.subscribe(id, body.channel_id));
  }

  @Delete(':id/channels/:channel_id')
  @ApiOperation({ summary: 'Unsubscribe from one channel' })
  async unsubscribeFromChannel(
    @UuidParam('id') id: string,
    @UuidParam('channel_id') channelId: string,
  ) {
    await this.subscribers.unsubscribeFromChannel(id, channelId);
    return { subscriber_id: id, channel_id: channelId, unsubscribed: true };
  }
}
