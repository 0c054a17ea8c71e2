import { Module, type DynamicModule } from '@nestjs/common';
import { PrismaModule } from '@publishing/db/nest';
import { ApiKeysService } from '../auth/api-keys.service';

/** Just enough of the application for the API-key command: the database and the key service. */
@Module({})
export class ApiKeysCliModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: ApiKeysCliModule,
      imports: [PrismaModule.forRoot({ databaseUrl, applicationName: 'publishing-api-keys' })],
      providers: [ApiKeysService],
    };
  }
}
