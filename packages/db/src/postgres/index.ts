export * from './database-fault';
export * from './database-url';
export * from './databases';
export * from './embedded';
export * from './dev-database';
export * from './schema-snapshot';
export * from './scratch-server';
