import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { keepAlivePost } from './keep-alive-post';

/**
 * A raw HTTP/1.1 server on loopback that answers the requests it is told to and drops the
 * connection (no answer) on the others: `answers(connection, request)` decides, both counted from 1.
 */
async function server(answers: (connection: number, request: number) => boolean): Promise<{ url: URL; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const listening: Server = createServer((socket) => {
    const connection = (connections += 1);
    let requests = 0;
    let buffered = '';
    sockets.add(socket);
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      // One small request at a time: headers, then a body of the announced length.
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.slice(end + 4, end + 4 + length);
        buffered = buffered.slice(end + 4 + length);
        requests += 1;
        if (!answers(connection, requests)) return void socket.destroy();
        const answer = JSON.stringify({ echoed: body, connection });
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer)}\r\nconnection: keep-alive\r\n\r\n${answer}`);
      }
    });
  });
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/graphql`),
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => listening.close(() => resolve()));
    },
  };
}

describe('keepAlivePost', () => {
  it('keeps the connection for the next request and reads each answer whole', async () => {
    const s = await server(() => true);
    try {
      const first = await keepAlivePost(s.url, { 'content-type': 'application/json' }, '{"n":1}', 2000);
      const second = await keepAlivePost(s.url, { 'content-type': 'application/json' }, '{"n":2}', 2000);
      expect([first.ok, first.status, first.headers.get('Content-Type')]).toEqual([true, 200, 'application/json']);
      expect(await second.json()).toEqual({ echoed: '{"n":2}', connection: 1 });
      expect(s.connections()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('sends again, once, on a new connection when a kept-alive one was closed before answering', async () => {
    // The first connection answers its first request and drops the second: a service that restarted meanwhile.
    const s = await server((connection, request) => connection > 1 || request === 1);
    try {
      await keepAlivePost(s.url, {}, 'a', 2000);
      expect(await (await keepAlivePost(s.url, {}, 'b', 2000)).json()).toEqual({ echoed: 'b', connection: 2 });
      expect(s.connections()).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('does not send again what failed on a new connection, and gives up at the timeout', async () => {
    const dropping = await server(() => false);
    try {
      await expect(keepAlivePost(dropping.url, {}, 'a', 2000)).rejects.toThrow();
      expect(dropping.connections()).toBe(1);
    } finally {
      await dropping.close();
    }
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      await expect(keepAlivePost(new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`), {}, 'a', 200)).rejects.toThrow(/200 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });
});
