import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A SCADA gateway speaking the reference heating protocol, serving whatever readings a test puts in
 * (malformed ones included). The cursor is the number of readings before the page, as a string.
 */
export class FakeScada {
  readonly readings: unknown[] = [];
  /** The `after` of every request in order (null when the request had none). */
  readonly requests: (string | null)[] = [];
  /** The path of every request in order, beside `requests` (collectors may reach it under any `…/heating` base). */
  readonly paths: string[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://scada');
      if (!url.pathname.endsWith('/heating/readings')) {
        res.writeHead(404).end();
        return;
      }
      const after = url.searchParams.get('after');
      this.requests.push(after);
      this.paths.push(url.pathname);
      const start = after === null ? 0 : Number(after);
      const limit = Number(url.searchParams.get('limit') ?? '500');
      const page = this.readings.slice(start, start + limit);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ readings: page, next: String(start + page.length) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/heating`;
    return this;
  }

  add(...readings: unknown[]): void {
    this.readings.push(...readings);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/** ISO 8601 in Tianjin time, `secondsAgo` before now (recent enough for every check). */
export function tianjinIso(secondsAgo: number): string {
  return new Date(Date.now() - secondsAgo * 1000 + 8 * 3_600_000)
    .toISOString()
    .replace('Z', '+08:00');
}
