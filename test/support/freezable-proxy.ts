import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

export interface FreezableProxy {
  /** `http://127.0.0.1:<port>/graphql`: put it where the real service's URL would go. */
  url: string;
  /** From now on the service looks hung: connections are accepted and never answered (open ones are cut, so pooled ones cannot slip past). */
  freeze(): void;
  /** Back to forwarding every connection. */
  thaw(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real service that can be frozen at will: a hung process, which only a
 * timeout ends, rather than a stopped one, which refuses at once.
 */
export async function startFreezableProxy(target: URL): Promise<FreezableProxy> {
  let frozen = false;
  const held = new Set<Socket>();
  const forwarded = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (frozen) {
      held.add(client);
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      forwarded.add(socket);
      socket.on('close', () => forwarded.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = (sockets: Set<Socket>) => [...sockets].forEach((s) => s.destroy());
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    freeze: () => {
      frozen = true;
      cut(forwarded);
    },
    thaw: () => {
      frozen = false;
      cut(held);
    },
    close: async () => {
      cut(held);
      cut(forwarded);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
