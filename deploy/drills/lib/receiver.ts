import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One accepted webhook request. */
export interface Receipt {
  deliveryId: string;
  incidentId: string | null;
  at: number;
}

/**
 * The notification webhook the drills' on-call member is reached at, on 127.0.0.1: checks each
 * request's signature as docs/notifications.md tells a receiver to and records every receipt
 * (repeats included), so the drill can count what actually arrived.
 */
export class WebhookReceiver {
  readonly receipts: Receipt[] = [];
  badSignatures = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const ts = String(req.headers['x-cityops-timestamp'] ?? '');
        const signature = Buffer.from(String(req.headers['x-cityops-signature'] ?? ''));
        const expected = Buffer.from(
          `sha256=${createHmac('sha256', this.secret).update(`${ts}.${raw}`).digest('hex')}`,
        );
        if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        let incidentId: string | null = null;
        try {
          incidentId = (JSON.parse(raw) as { incident?: { id?: string } }).incident?.id ?? null;
        } catch {
          // a signed body that is not JSON would be a backend bug; the receipt still counts
        }
        this.receipts.push({
          deliveryId: decodeURIComponent(String(req.headers['x-cityops-delivery'] ?? '')),
          incidentId,
          at: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
