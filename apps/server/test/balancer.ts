import { connect, createServer, type Server, type Socket } from 'node:net';

/*
 * A loopback TCP load balancer standing in for the one a multi-node deployment puts in front of
 * its nodes: clients keep one address, and a client whose node is lost lands on another when it
 * reconnects. Socket.io over websocket only needs no sticky sessions, so plain round robin will do.
 * It records where every connection went, and can hold back the bytes of one connection in one
 * direction, as a network does when a machine dies with data on the wire.
 */

/** Which way bytes travel through a connection. */
export type Direction = 'toNode' | 'toClient';

/** One client connection and the node it was sent to. */
export interface Connection {
  readonly id: number;
  /** Index of the node in the balancer's list. */
  readonly node: number;
  /** The engine.io session id the node gave it (the client's `socket.io.engine.id`), once seen. */
  sid: string | null;
  open: boolean;
}

interface Link extends Connection {
  client: Socket;
  upstream: Socket;
  /** Bytes held back per direction; a direction not listed flows. */
  held: Map<Direction, Buffer[]>;
  /** The first bytes from the node, until the session id is found in them. */
  head: string;
}

/** The engine.io handshake, the first message a node sends: `0{"sid":"…",…}`. */
const SID = /"sid":"([^"]+)"/;

export class Balancer {
  private readonly links: Link[] = [];
  private readonly clients = new Set<Socket>();
  private readonly server: Server;
  private next = 0;
  /** Connection attempts a node refused (it was down), so the connection went to the next one. */
  refused = 0;

  private constructor(private readonly ports: readonly number[]) {
    this.server = createServer({ pauseOnConnect: true }, (client) => this.route(client));
  }

  /** Listens on a free loopback port and spreads connections over the nodes on `ports`, in turn. */
  static async start(ports: readonly number[]): Promise<Balancer> {
    const balancer = new Balancer(ports);
    await new Promise<void>((resolve, reject) => {
      balancer.server.once('error', reject);
      balancer.server.listen(0, '127.0.0.1', () => resolve());
    });
    return balancer;
  }

  get url(): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** Every connection so far, in the order they were made. */
  get connections(): Connection[] {
    return this.links.map(({ id, node, sid, open }) => ({ id, node, sid, open }));
  }

  /** The node the connection of engine.io session `sid` went to. */
  nodeOf(sid: string | undefined): number | undefined {
    return this.links.find((l) => l.sid !== null && l.sid === sid)?.node;
  }

  /** Holds back (rather than forwards) what the connection of session `sid` carries in `direction` from now on. */
  hold(sid: string, direction: Direction): void {
    const link = this.links.find((l) => l.sid === sid);
    if (!link) throw new Error(`No connection has session ${sid}.`);
    if (!link.held.has(direction)) link.held.set(direction, []);
  }

  /** Bytes held back so far on the connection of session `sid` in `direction`. */
  heldBytes(sid: string, direction: Direction): number {
    const held = this.links.find((l) => l.sid === sid)?.held.get(direction) ?? [];
    return held.reduce((n, b) => n + b.length, 0);
  }

  /** Tries each node in turn from the next one; a node that refuses is skipped. */
  private route(client: Socket): void {
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('error', () => client.destroy());
    const first = this.next++ % this.ports.length;
    const attempt = (tries: number) => {
      if (tries === this.ports.length || client.destroyed) return client.destroy();
      const node = (first + tries) % this.ports.length;
      const upstream = connect({ host: '127.0.0.1', port: this.ports[node]! });
      upstream.once('error', () => {
        this.refused += 1;
        upstream.destroy();
        attempt(tries + 1);
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        if (client.destroyed) upstream.destroy();
        else this.link(client, upstream, node);
      });
    };
    attempt(0);
  }

  private link(client: Socket, upstream: Socket, node: number): void {
    const link: Link = {
      id: this.links.length,
      node,
      sid: null,
      open: true,
      client,
      upstream,
      held: new Map(),
      head: '',
    };
    this.links.push(link);
    const forward = (direction: Direction, to: Socket) => (chunk: Buffer) => {
      const held = link.held.get(direction);
      if (held) held.push(chunk);
      else to.write(chunk);
    };
    upstream.on('data', (chunk: Buffer) => {
      if (link.sid === null && link.head.length < 16_384) {
        link.head += chunk.toString('latin1');
        link.sid = SID.exec(link.head)?.[1] ?? null;
      }
    });
    upstream.on('data', forward('toClient', client));
    client.on('data', forward('toNode', upstream));
    // Either side gone: the other goes too, and whatever was held back is lost with it.
    const close = () => {
      link.open = false;
      link.held.clear();
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
    client.resume();
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    for (const link of this.links) link.upstream.destroy();
    for (const client of this.clients) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
