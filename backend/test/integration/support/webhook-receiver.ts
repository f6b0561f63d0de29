import { createHmac } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { Incident } from '@cityops/contracts';
import { portOf } from './test-env.js';

/** What the backend's webhook channel posts (docs/notifications.md, "The webhook body"). */
export interface WebhookBody {
  deliveryId: string;
  kind: string;
  step?: number;
  incident?: Incident;
  incidents?: Incident[];
  links: { acknowledge?: string | null; console?: string };
}

export interface ReceivedWebhook {
  /** The request path, e.g. "/m/zhang": tests give each member their own. */
  path: string;
  at: number;
  body: WebhookBody;
}

/**
 * A real HTTP receiver on loopback standing in for members' webhook contacts: it checks each
 * request's HMAC signature like a receiver should (401 and counted in `rejected` when wrong) and
 * keeps what arrived.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly rejected: string[] = [];
  private server!: Server;
  base = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const ts = String(req.headers['x-cityops-timestamp']);
        const expected = `sha256=${createHmac('sha256', this.secret).update(`${ts}.${body}`).digest('hex')}`;
        if (req.headers['x-cityops-signature'] !== expected) {
          this.rejected.push(req.url ?? '');
          res.writeHead(401).end();
          return;
        }
        this.received.push({
          path: req.url ?? '',
          at: Date.now(),
          body: JSON.parse(body) as WebhookBody,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${portOf(this.server)}`;
    return this;
  }

  /** A member's webhook contact pointing at this receiver (path /m/<member>). */
  contact(member: string): { kind: 'webhook'; url: string; secret: string } {
    return { kind: 'webhook', url: `${this.base}/m/${member}`, secret: this.secret };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The member a request was for (path /m/<member>). */
export const memberOf = (r: ReceivedWebhook): string => r.path.replace('/m/', '');

/** The incidents a message is about: its incident, or a digest's list. */
export const incidentIdsOf = (r: ReceivedWebhook): string[] =>
  r.body.incidents?.map((i) => i.id) ?? (r.body.incident ? [r.body.incident.id] : []);
