import pg from 'pg';

/** The part of a logger the listener uses (pino and Fastify's logger fit). */
export interface ListenerLog {
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
}

export interface ListenOptions {
  /** Called with each notification's payload. */
  onNotification: (payload: string) => void;
  /**
   * Called after every successful (re)connection. Notifications sent while the connection was
   * down are lost for good, so the caller re-reads whatever it watches.
   */
  onConnected: () => void;
  log: ListenerLog;
  /** Waits between reconnection attempts: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
}

/** A LISTEN that survives lost connections; `close` stops it for good. */
export interface NotificationListener {
  close: () => Promise<void>;
}

const defaultBackoff = { initialMs: 100, maxMs: 10_000 };

/** Shown in `pg_stat_activity`, so operators (and tests) can tell the listener from the pool. */
export const LISTENER_APPLICATION_NAME = 'obeya-listener';

/**
 * One dedicated connection doing `LISTEN channel`: a pooled connection cannot listen, since the
 * pool hands it to other work and may close it when idle.
 */
class ReconnectingListener implements NotificationListener {
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private delayMs: number;
  private closed = false;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly options: ListenOptions,
  ) {
    this.backoff = options.backoff ?? defaultBackoff;
    this.delayMs = this.backoff.initialMs;
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (this.closed) return;
    // keepAlive: a silently dropped connection must end in an error, not in endless waiting.
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.options.onNotification(n.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.client !== client) return; // lost or closed while connecting
    this.delayMs = this.backoff.initialMs;
    this.options.log.info({ channel: this.channel }, 'listening for database notifications');
    this.options.onConnected();
  }

  /** Drops a failed connection once (error and end both report it) and schedules the next attempt. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.log.warn(
      { err, channel: this.channel, retryInMs: this.delayMs },
      'lost the database notification connection; reconnecting',
    );
    this.retry = setTimeout(() => void this.connect(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** Starts listening on `channel` of the PostgreSQL server at `url`, reconnecting with backoff. */
export function listen(url: string, channel: string, options: ListenOptions): NotificationListener {
  return new ReconnectingListener(url, channel, options);
}
