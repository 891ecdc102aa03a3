import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server (PostgreSQL here), so a test can take the server
 * away from one client without touching the server other tests share:
 *   - `down()`: every connection is cut and new ones are refused (a server that crashed or stopped);
 *   - `hang()`: connections stay open but nothing passes, new ones are accepted and never answered
 *     (a hung server, a network that drops packets);
 *   - `up()`: traffic passes again.
 */
export interface TcpProxy {
  port: number;
  /** `target` with its host and port replaced by the proxy's. */
  urlFor(target: string): string;
  down(): Promise<void>;
  hang(): void;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: 'pass' | 'hang' | 'down' = 'pass';
  const sockets = new Set<Socket>();
  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') {
      client.pause();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk) => {
      if (mode === 'pass') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'pass') client.write(chunk);
    });
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    urlFor(target) {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async down() {
      mode = 'down';
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    hang() {
      mode = 'hang';
    },
    async up() {
      if (mode === 'down') await listen();
      mode = 'pass';
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (mode !== 'down') await stopListening();
    },
  };
}
