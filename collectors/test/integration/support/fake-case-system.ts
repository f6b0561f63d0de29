import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCase {
  id: string;
  category: string;
  source: string;
  status: string;
  reportedAt: string;
  updatedAt: string;
  dueAt: string;
  lng: number;
  lat: number;
  district?: string;
  description?: string;
}

/**
 * A sanitation case system speaking the reference protocol: GET /sanitation/cases?updatedSince=&limit=
 * answers the cases updated strictly after updatedSince, oldest change first, and `next` = the
 * updatedAt of the last one (or updatedSince when there is none). Bad cases are served as given.
 */
export class FakeCaseSystem {
  private readonly cases = new Map<string, FakeCase>();
  /** The updatedSince of every request, in order (null when the request had none). */
  readonly requests: (string | null)[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://cases');
      if (url.pathname !== '/sanitation/cases') {
        res.writeHead(404).end();
        return;
      }
      const since = url.searchParams.get('updatedSince');
      this.requests.push(since);
      const sinceMs = since === null ? -Infinity : Date.parse(since);
      const limit = Number(url.searchParams.get('limit') ?? '500');
      const page = [...this.cases.values()]
        .filter((c) => {
          const t = Date.parse(c.updatedAt);
          return Number.isNaN(t) ? since === null : t > sinceMs;
        })
        .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
        .slice(0, limit);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ cases: page, next: page.at(-1)?.updatedAt ?? since ?? null }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sanitation`;
    return this;
  }

  /** Adds a case or replaces it (a status change comes with a newer updatedAt). */
  put(...cases: FakeCase[]): void {
    for (const c of cases) this.cases.set(c.id, c);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/** ISO 8601 in Tianjin time, `minutesAgo` before now. */
export function tianjinMinutesAgo(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000 + 8 * 3_600_000)
    .toISOString()
    .replace('Z', '+08:00');
}

/** A reference case in 和平区, reported `minutesAgo`, due four hours later. */
export function referenceCase(
  id: string,
  minutesAgo: number,
  over: Partial<FakeCase> = {},
): FakeCase {
  const reported = tianjinMinutesAgo(minutesAgo);
  return {
    id,
    category: 'garbage_pile',
    source: 'hotline',
    status: 'open',
    reportedAt: reported,
    updatedAt: reported,
    dueAt: tianjinMinutesAgo(minutesAgo - 240),
    lng: 117.196,
    lat: 39.118,
    district: '120101',
    description: '路边垃圾堆放',
    ...over,
  };
}
