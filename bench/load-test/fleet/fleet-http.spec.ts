import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FleetHttp } from './fleet-http';

/** A real HTTP server on loopback that answers its own name and counts what reached it. */
async function namedServer(name: string): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ name }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server };
}

describe('FleetHttp', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('sends each request to the next base URL in turn', async () => {
    const a = await namedServer('a');
    const b = await namedServer('b');
    servers.push(a.server, b.server);
    const http = new FleetHttp([a.url, b.url], 10_000);

    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const exchange = await http.send<{ name: string }>('GET', `/r${i}`, undefined);
      expect(exchange.status).toBe(200);
      names.push(exchange.body!.name);
    }

    expect(names).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(a.paths).toEqual(['/r0', '/r2', '/r4']);
    expect(b.paths).toEqual(['/r1', '/r3']);
  });

  it('with one base URL sends every request there, as before', async () => {
    const a = await namedServer('a');
    servers.push(a.server);
    const http = new FleetHttp(a.url, 10_000);
    await http.send('GET', '/x', undefined);
    await http.send('POST', '/y', 'token', { z: 1 });
    expect(http.baseUrls).toEqual([a.url]);
    expect(a.paths).toEqual(['/x', '/y']);
  });
});
