import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: what the source system does with one request. */
export type Answer = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/**
 * A source system on 127.0.0.1 that answers each request to a path with the next scripted answer,
 * and with `steady` once the script is used up. Records the query of every request.
 */
export class ScriptedServer {
  private readonly scripts = new Map<string, Answer[]>();
  private readonly steady = new Map<string, Answer>();
  readonly requests: { path: string; query: string }[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://source');
      this.requests.push({ path: url.pathname, query: url.search });
      const answer = this.scripts.get(url.pathname)?.shift() ?? this.steady.get(url.pathname);
      if (!answer) res.writeHead(404).end();
      else answer(req, res, url);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  script(path: string, answers: Answer[], steady?: Answer): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
    if (steady) this.steady.set(path, steady);
  }

  pending(path: string): number {
    return this.scripts.get(path)?.length ?? 0;
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

export const json =
  (body: unknown, status = 200): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

export const text =
  (body: string | Buffer, status = 200, type = 'application/json'): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type }).end(body);
  };

/** Answers nothing at all (the collector's fetch timeout must end it). */
export const hang: Answer = () => undefined;

/** Sends the headers and half a body, then nothing more. */
export const hangMidBody =
  (start: string): Answer =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(start);
  };

/** Answers after `ms`. */
export const slow =
  (ms: number, answer: Answer): Answer =>
  (req, res, url) => {
    const timer = setTimeout(() => answer(req, res, url), ms);
    res.on('close', () => clearTimeout(timer));
  };

/** Closes the connection without an answer. */
export const reset: Answer = (req) => {
  req.socket.destroy();
};
