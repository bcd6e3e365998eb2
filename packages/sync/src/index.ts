export * from './board-doc.ts';
export * from './sync-messages.ts';
export * from './protocol.ts';
export * from './rest.ts';
export * from './board-replica.ts';
export * from './blocked-work.ts';
export * from './card-content.ts';
