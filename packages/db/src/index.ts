export { BROADCAST_APPLICATION_NAME } from './broadcast-pool.ts';
export * from './client.ts';
export {
  LISTENER_APPLICATION_NAME,
  type ListenOptions,
  type ListenerLog,
  type NotificationListener,
} from './listener.ts';
export * as schema from './schema.ts';
export {
  apiTokens,
  boardMembers,
  boards,
  boardUpdates,
  cardContentUpdates,
  entities,
  events,
  invitations,
  operations,
  sessions,
  settings,
  socketIoAttachments,
  users,
  wallTokens,
} from './schema.ts';
