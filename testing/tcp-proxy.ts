import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running loopback TCP proxy. */
export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as a server going down does. */
  cut(): void;
  /** Forwards new connections again, and the server's answers (after `muteAnswers`). */
  restore(): void;
  /**
   * Keeps forwarding what clients send but drops what the server sends back, on open connections
   * too: requests arrive and their answers are lost.
   */
  muteAnswers(): void;
  /** Connections refused while cut. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * A real TCP proxy on 127.0.0.1 in front of `target` (the suite's PostgreSQL, say), so a test can
 * take the service away from one client and give it back without stopping it for everyone else.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let cut = false;
  let muted = false;
  let refused = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('error', () => undefined); // the other side's close ends both
    socket.on('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    if (cut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!muted) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore: () => {
      cut = false;
      muted = false;
    },
    muteAnswers: () => {
      muted = true;
    },
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
