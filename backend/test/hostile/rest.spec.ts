import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostileBackend, type RawAnswer, type SendOptions, jsonText } from './support/backend.js';
import {
  type HostileValue,
  HostileTally,
  deepJsonText,
  hostileJsonValues,
  hostileQueryValues,
  hostileStrings,
  mutateRecord,
} from '@cityops/hostile';
import { EXAMPLE_PARAMS, EXAMPLE_REFUSALS, validExamples } from './support/examples.js';
import { type Expectation, Findings } from './support/findings.js';
import { type HostileRoute, encodeAny, liveRoutes, pathOf } from './support/routes.js';

/**
 * Mutations of the valid example body tried per write route: every field removed and set to each
 * small hostile value would be thousands, so an even spread of them (all kinds of mutation, every
 * field), plus fast-check's random ones.
 */
const MUTATIONS_PER_ROUTE = 60;
const RANDOM_MUTATIONS = 10;
/** Query values tried per known parameter (an even spread of the corpus's). */
const VALUES_PER_PARAMETER = 36;
/** Query values longer than this make a URL Node refuses itself (431, no body): tested apart. */
const MAX_QUERY_VALUE = 6 * 1024;

/** `count` items spread evenly over `items` (deterministic). */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

const strings = (values: HostileValue[]) =>
  values.filter((v): v is { label: string; value: string } => typeof v.value === 'string');
const MiB = 1024 * 1024;

/** The acknowledge page answers in HTML (docs/api.md), everything else in the API's JSON shape. */
const isAckPage = (route: HostileRoute) => route.path.startsWith('/ack/');

describe('hostile REST input - every route of the running app, as admin', () => {
  let b: HostileBackend;
  let routes: HostileRoute[];
  const findings = new Findings();
  const tally = new HostileTally();

  /**
   * One hostile call as admin (a session of its own for logout, which would end it), checked: no
   * 5xx, a 4xx says why, and whatever `expect` adds.
   */
  const call = async (
    entry: string,
    route: HostileRoute,
    label: string,
    path: string,
    options: SendOptions,
    expectation: Expectation = {},
  ): Promise<RawAnswer | null> => {
    tally.add(entry);
    const where = `${route.key} ${entry}`;
    try {
      const answer = await b.send(route.method, path, { token: b.token(), ...options });
      findings.check(where, label, answer, {
        html: isAckPage(route),
        ok: [200, 201, 202, 204],
        ...expectation,
      });
      return answer;
    } catch (error) {
      findings.fail(where, label, `request failed: ${String(error)}`);
      return null;
    }
  };

  const json = (value: unknown): SendOptions => ({
    body: jsonText(value),
    contentType: 'application/json',
  });

  beforeAll(async () => {
    b = await HostileBackend.start({
      // Hostile login bodies are failed sign-ins too: the limits must not turn them into 429s.
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_IP_MAX_FAILURES: '100000',
    });
    routes = liveRoutes(b.app);
    // The team the schedule and route examples name, so that they are valid as they stand.
    const team = await b
      .client()
      .post('/api/oncall/teams', validExamples()['POST /api/oncall/teams']);
    expect(team.status).toBe(201);
  });

  afterAll(async () => {
    console.log(tally.report());
    await b?.stop();
  });

  it('enumerates every route the app mounts, with the query parameters its schemas know', () => {
    const keys = routes.map((r) => r.key);
    expect(routes.length).toBeGreaterThan(50);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/incidents',
        'POST /api/assets/import',
        'GET /ack/:token',
      ]),
    );
    const incidents = routes.find((r) => r.key === 'GET /api/incidents')!;
    expect(incidents.queryKeys).toEqual(
      expect.arrayContaining(['status', 'district', 'from', 'to', 'limit', 'cursor']),
    );
  });

  it('keeps its valid example bodies valid (so that each mutation is wrong in one place only)', async () => {
    const examples = validExamples();
    const unknown = Object.keys(examples).filter((key) => !routes.some((r) => r.key === key));
    expect(unknown, 'examples for routes the app does not have').toEqual([]);
    const refused: string[] = [];
    for (const route of routes) {
      const example = examples[route.key];
      if (!example) continue;
      const answer = await b.send(route.method, pathOf(route, EXAMPLE_PARAMS[route.key]), {
        token: b.token(),
        ...json(example),
      });
      // 404/409: the dummy id or a taken one; a 400 would mean the example is stale.
      const meant = EXAMPLE_REFUSALS[route.key];
      if (meant && answer.text.includes(meant)) continue;
      if (answer.status === 400 || answer.status >= 500)
        refused.push(`${route.key}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    expect(refused).toEqual([]);
  });

  it('answers hostile JSON bodies on every write route without a 5xx, and says why it refuses', async () => {
    const examples = validExamples();
    const generic = hostileJsonValues();
    const badJsonTexts: [string, string][] = [
      ['unterminated', '{"a":'],
      ['missing value', '{"a":}'],
      ['single quotes', "{'a':1}"],
      ['trailing comma', '{"a":1,}'],
      ['NaN literal', '{"a":NaN}'],
      ['comment', '{"a":1 /* x */}'],
      ['bare word', 'undefined'],
      ['BOM before JSON', '\ufeff{"a":1}'],
      ['duplicate keys', '{"id":"a","id":{"$ne":null}}'],
      ['NUL byte', '{"a":"\u0000"}'],
      ['escaped NUL', '{"a":"\\u0000"}'],
      ['lone surrogate escape', '{"a":"\\ud800"}'],
      ['invalid UTF-8', '{"a":"\xff\xfe"}'],
      ['deep 10 000', deepJsonText(10_000)],
      ['deep 100', deepJsonText(100)],
      ['whitespace only', '   '],
    ];
    const contentTypes: [string, string | undefined, string][] = [
      ['no content type', undefined, '{"a":1}'],
      ['text/plain', 'text/plain', '{"a":1}'],
      ['form', 'application/x-www-form-urlencoded', 'a=1&b=2&a=3'],
      [
        'multipart',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      ],
      [
        'xml',
        'application/xml',
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      ],
      ['json in utf-16 charset', 'application/json; charset=utf-16', '{"a":1}'],
      ['json in latin1 charset', 'application/json; charset=latin1', '{"a":1}'],
      ['json in unknown charset', 'application/json; charset=klingon', '{"a":1}'],
      ['garbage content type', ';;;/;', '{"a":1}'],
    ];
    for (const route of routes.filter((r) => r.takesBody)) {
      const path = pathOf(route, EXAMPLE_PARAMS[route.key]);
      const example = examples[route.key];
      if (example)
        for (const m of spread(
          mutateRecord(example, { count: RANDOM_MUTATIONS }),
          MUTATIONS_PER_ROUTE,
        ))
          await call('REST body', route, `mutated: ${m.label}`, path, json(m.value));
      for (const g of generic)
        await call('REST body', route, `body: ${g.label}`, path, json(g.value));
      for (const s of spread(
        strings(hostileStrings()).filter((s) => s.value.length <= 64 * 1024),
        12,
      ))
        await call('REST body', route, `body string: ${s.label}`, path, json(s.value));
      for (const [label, text] of badJsonTexts)
        await call('REST body', route, `invalid JSON: ${label}`, path, {
          body: text,
          contentType: 'application/json',
        });
      for (const [label, type, text] of contentTypes)
        await call('REST body', route, `content type: ${label}`, path, {
          body: text,
          ...(type ? { contentType: type } : {}),
        });
      if (route.key !== 'POST /api/assets/import') {
        const huge = JSON.stringify({ ...example, filler: 'x'.repeat(MiB + 1024) });
        const answer = await call(
          'REST body',
          route,
          'JSON over 1 MiB',
          path,
          { body: huge, contentType: 'application/json' },
          { exactly: 413 },
        );
        if (answer?.status === 413 && !/1 MiB/.test(answer.text))
          findings.fail(
            route.key,
            'JSON over 1 MiB',
            `413 does not name the limit: ${answer.text}`,
          );
      }
    }
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('answers hostile query strings on every route: each known parameter, repeated and unknown ones', async () => {
    const values = spread(
      hostileQueryValues().filter((v) => v.length <= MAX_QUERY_VALUE),
      VALUES_PER_PARAMETER,
    );
    for (const route of routes) {
      const path = pathOf(route);
      const q = (pairs: [string, string][]) =>
        `${path}?${pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&')}`;
      for (const key of route.queryKeys) {
        for (const value of values)
          await call('REST query', route, `${key}=${value}`, q([[key, value]]), {});
        await call(
          'REST query',
          route,
          `${key} repeated`,
          q([
            [key, '1'],
            [key, '2'],
          ]),
          {},
        );
        await call('REST query', route, `${key}[] array`, `${path}?${key}[]=a&${key}[]=b`, {});
        await call(
          'REST query',
          route,
          `${key}[x] object`,
          `${path}?${key}[x]=a&${key}[y][z]=b`,
          {},
        );
        await call('REST query', route, `${key} without =`, `${path}?${key}`, {});
      }
      // A route with a query schema refuses what it does not know (docs/api.md).
      const strict = route.queryKeys.length > 0 ? { ok: [] } : {};
      await call(
        'REST query',
        route,
        'unknown parameter',
        q([['noSuchParameter', '1']]),
        {},
        strict,
      );
      await call(
        'REST query',
        route,
        'proto parameter',
        `${path}?__proto__[role]=admin`,
        {},
        strict,
      );
      await call(
        'REST query',
        route,
        'constructor parameter',
        `${path}?constructor[prototype][x]=1`,
        {},
        strict,
      );
      await call('REST query', route, 'raw percent', `${path}?a=%&b=%zz&%=1`, {}, strict);
      await call(
        'REST query',
        route,
        '1000 parameters',
        `${path}?${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}`,
        {},
        strict,
      );
    }
    // A URL longer than Node's header limit: Node itself answers 431 (no body), the process lives.
    const list = routes.find((r) => r.key === 'GET /api/incidents')!;
    await call(
      'REST query',
      list,
      'district of 100 kB',
      `/api/incidents?district=${'1'.repeat(100 * 1024)}`,
      {},
      { ok: [414, 431] },
    );
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('answers hostile path parameters on every route with parameters, URL-encoded', async () => {
    const values = [
      ...strings(hostileStrings()).filter((s) => s.value.length <= 2_000),
      { label: 'dot', value: '.' },
      { label: 'dot dot', value: '..' },
      { label: 'slash', value: 'a/b' },
      { label: 'encoded slash', value: 'a%2Fb' },
      { label: 'uuid upper case', value: '0A000000-0000-4000-8000-0000000000AA' },
      { label: 'uuid nil', value: '00000000-0000-0000-0000-000000000000' },
      { label: 'uuid v1', value: 'c232ab00-9414-11ec-b3c8-9f6bdeced846' },
      { label: 'uuid with braces', value: '{0a000000-0000-4000-8000-0000000000aa}' },
      { label: 'number', value: '1' },
      { label: 'negative', value: '-1' },
      { label: 'ics without name', value: '.ics' },
      { label: 'ics traversal', value: '../../x.ics' },
      { label: 'injection', value: "x' OR '1'='1" },
    ];
    for (const route of routes.filter((r) => r.params.length > 0))
      for (const param of route.params)
        for (const v of values.filter(
          (v) => !isAckPage(route) || !['', '.', '..'].includes(v.value),
        ))
          // (`/ack/`, `/ack/.` and `/ack/..` are other paths, outside the API: Express's 404 page.)
          await call(
            'REST path',
            route,
            `:${param}=${v.label}`,
            pathOf(route, { [param]: v.value }),
            route.takesBody && !isAckPage(route) ? json(validExamples()[route.key] ?? {}) : {},
          );
    expect(await b.ready()).toBe(200);
    expect(findings.list()).toEqual([]);
  });

  it('prints how many inputs it tried per entry point, at least 1 000 through the REST routes', () => {
    expect(tally.count('REST body')).toBeGreaterThanOrEqual(1_000);
    expect(tally.count('REST query')).toBeGreaterThanOrEqual(1_000);
    expect(tally.count('REST path')).toBeGreaterThanOrEqual(500);
  });
});
