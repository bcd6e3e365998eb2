export * from './client.ts';
export * as schema from './schema.ts';
export { boards, boardUpdates, entities, events, operations } from './schema.ts';
