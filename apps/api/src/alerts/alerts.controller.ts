import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';
import { presentAlert } from './alert.presenter';
import { AlertsService } from './alerts.service';
import { AlertDto, AlertListDto } from './dto/alert.dto';
import { CreateAlertDto } from './dto/create-alert.dto';
import { ListAlertsQueryDto } from './dto/list-alerts-query.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @ApiOperation({ summary: 'Queue an alert about one piece of content on up to 5 channels' })
  @ApiCreatedResponse({ type: AlertDto })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid body, or a target channel that does not exist or is not active',
  })
  async create(@Body() body: CreateAlertDto): Promise<AlertDto> {
    return presentAlert(await this.alerts.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'Alerts, newest first, optionally by status' })
  @ApiOkResponse({ type: AlertListDto })
  async list(@Query() query: ListAlertsQueryDto): Promise<AlertListDto> {
    const page = await this.alerts.list(query);
    return {
      alerts: page.rows.map(presentAlert),
      ...paginationFields(query, page),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertDto })
  @ApiNotFoundResponse({ description: 'No such alert' })
  async get(@UuidParam('id') id: string): Promise<AlertDto> {
    return presentAlert(await this.alerts.get(id));
  }
}
