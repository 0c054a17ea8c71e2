export { PrismaModule } from './prisma.module';
export { PRISMA_MODULE_OPTIONS, type PrismaModuleOptions } from './prisma.module-definition';
export { PrismaService, DatabaseUnavailableError } from './prisma.service';
