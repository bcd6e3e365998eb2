import { openDatabase } from '@obeya/db';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const database = await openDatabase(config.database);
const { app } = await buildApp({ config, database });

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  // The usual first-run problem gets a sentence instead of a stack trace.
  const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  app.log.fatal(
    inUse ? `Port ${config.port} on ${config.host} is already in use: stop the other program or set PORT.` : err,
  );
  await app.close();
  await database.close();
  process.exit(1);
}
app.log.info(`Obeya is running on http://${config.host}:${config.port} (${database.kind} database)`);
