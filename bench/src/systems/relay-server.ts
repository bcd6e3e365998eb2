/**
 * The baseline: a plain Yjs relay. Hocuspocus 3 with no extension at all (no persistence, no
 * auth, no Redis), on loopback, in its own process so its CPU and memory can be read like
 * Obeya's. Started by relay.ts; prints "ready" once listening.
 */
import { Server } from '@hocuspocus/server';

const port = Number(process.argv[2]);
const server = new Server({ port, address: '127.0.0.1', quiet: true, extensions: [] });
await server.listen();
process.stdout.write('ready\n');
