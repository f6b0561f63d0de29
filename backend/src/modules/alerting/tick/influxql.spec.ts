import {
  type AssetKind,
  DEFAULT_RULES,
  DISTRICT_CODES,
  type MetricName,
  type NoDataRule,
  type WindowAggregate,
  type WindowRule,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { aggregateWindow } from '../../rules/evaluators/window.js';
import { kindsByField } from './heartbeat.js';
import {
  type InfluxAnswer,
  InfluxQueryError,
  MAX_BUCKETS,
  mergeChunks,
  type WindowAccumulator,
  type WindowPlan,
  aggregatesOf,
  collectLastSeen,
  collectWindows,
  districtPartitions,
  lastSeenStatements,
  quoteIdent,
  quoteString,
  rawSeries,
  seriesOf,
  windowPlan,
  windowStatements,
} from './influxql.js';

const HOUR = 3_600_000;
const AT = Date.UTC(2026, 6, 20, 9, 30, 0);
const rainstorm = DEFAULT_RULES.find((r) => r.id === 'rainstorm-signal') as WindowRule;
const offline = DEFAULT_RULES.find((r) => r.id === 'waterlogging-sensor-offline') as NoDataRule;

/**
 * InfluxQL's string scanner (influxql ScanString, used for 'strings' and "identifiers"): the text
 * between the quotes with the escapes \n \\ \" \' resolved, and where the token ends. Throws where
 * InfluxDB would answer "bad string" or "bad escape".
 */
function scanQuoted(text: string, start = 0): { value: string; end: number } {
  const ending = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ending) return { value, end: i + 1 };
    if (ch === '\n') throw new Error('bad string: newline');
    if (ch === '\\') {
      const next = text[++i];
      const escapes: Record<string, string> = { n: '\n', '\\': '\\', '"': '"', "'": "'" };
      if (next === undefined || !(next in escapes)) throw new Error(`bad escape \\${next}`);
      value += escapes[next];
    } else value += ch;
  }
  throw new Error('bad string: unterminated');
}

describe('quoting', () => {
  const hostile = [
    'plain',
    'with space',
    'double"quote',
    "single'quote",
    'back\\slash',
    'trailing\\',
    '\\"',
    "'; DROP DATABASE cityops; --",
    '") FROM "other" --',
    'new\nline',
    '中文 名',
    '',
  ];

  it.each(hostile)('quoteIdent round-trips %j as one token', (name) => {
    const quoted = quoteIdent(name);
    expect(quoted[0]).toBe('"');
    expect(scanQuoted(quoted)).toEqual({ value: name, end: quoted.length });
  });

  it.each(hostile)('quoteString round-trips %j as one token', (value) => {
    const quoted = quoteString(value);
    expect(quoted[0]).toBe("'");
    expect(scanQuoted(quoted)).toEqual({ value, end: quoted.length });
  });

  it('escapes exactly the characters InfluxQL needs', () => {
    expect(quoteIdent('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteString("it's \\ ok")).toBe("'it\\'s \\\\ ok'");
    expect(quoteString('a"b')).toBe(`'a"b'`);
    expect(quoteIdent("a'b")).toBe(`"a'b"`);
  });

  it('names the raw retention policy and the domain measurement', () => {
    expect(rawSeries('waterlogging')).toBe('"raw"."waterlogging"');
    expect(rawSeries('heating')).toBe('"raw"."heating"');
    expect(rawSeries('sanitation')).toBe('"raw"."sanitation_cases"');
  });
});

// ---- A small interpreter of the WHERE fragments and statements this module builds ----

/** Whether a district tag value (undefined: no tag; InfluxDB compares it as "") matches a fragment. */
function matchesPartition(fragment: string | null, district: string | undefined): boolean {
  if (fragment === null) return true;
  const value = district ?? '';
  const equal = /^"district" = (.*)$/.exec(fragment);
  if (equal) {
    const { value: wanted, end } = scanQuoted(equal[1]!);
    expect(end).toBe(equal[1]!.length);
    return value === wanted;
  }
  const notRegex = /^"district" !~ \/(.*)\/$/.exec(fragment);
  if (notRegex) return !new RegExp(notRegex[1]!).test(value);
  throw new Error(`unknown partition fragment ${fragment}`);
}

describe('districtPartitions', () => {
  it('does not split small groups', () => {
    expect(districtPartitions(false)).toEqual([null]);
  });

  it('is one equality per known district and one catch-all for the rest', () => {
    const parts = districtPartitions(true);
    expect(parts).toHaveLength(DISTRICT_CODES.length + 1);
    expect(parts.slice(0, -1)).toEqual(DISTRICT_CODES.map((c) => `"district" = '${c}'`));
    expect(parts.at(-1)).toBe(`"district" !~ /^(${DISTRICT_CODES.join('|')})$/`);
  });

  const values: (string | undefined)[] = [
    ...DISTRICT_CODES,
    undefined, // no district tag
    '',
    '120100', // unknown code
    '999999',
    `${DISTRICT_CODES[0]}1`, // a known code as a prefix
    DISTRICT_CODES[0].slice(1), // a known code's suffix
    `x${DISTRICT_CODES[1]}`,
    `${DISTRICT_CODES[0]}|${DISTRICT_CODES[1]}`,
  ];
  it.each(values.map((v) => [v === undefined ? '(no tag)' : JSON.stringify(v), v]))(
    'the district %s falls in exactly one partition',
    (_, district) => {
      const matching = districtPartitions(true).filter((p) => matchesPartition(p, district));
      expect(matching).toHaveLength(1);
      if (district !== undefined && (DISTRICT_CODES as readonly string[]).includes(district))
        expect(matching[0]).toBe(`"district" = '${district}'`);
      else expect(matching[0]).toMatch(/^"district" !~/);
    },
  );
});

describe('lastSeenStatements', () => {
  it('is one grouped statement per watched field (no data, heartbeat per kind)', () => {
    const statements = lastSeenStatements({
      domain: 'waterlogging',
      fields: kindsByField(offline),
      from: 1_000,
      to: 3_601_000,
      partitions: [null],
    });
    expect(statements).toEqual([
      `SELECT "agg", "assetId" FROM (SELECT last("depthCm") AS "agg" FROM "raw"."waterlogging" WHERE ("kind" = 'underpass' OR "kind" = 'low_road') AND time > 1000ms AND time <= 3601000ms GROUP BY "assetId")`,
      `SELECT "agg", "assetId" FROM (SELECT last("rainfallMmH") AS "agg" FROM "raw"."waterlogging" WHERE ("kind" = 'rain_gauge') AND time > 1000ms AND time <= 3601000ms GROUP BY "assetId")`,
    ]);
  });

  it('repeats each field for every partition, the partition last in WHERE', () => {
    const parts = districtPartitions(true);
    const statements = lastSeenStatements({
      domain: 'waterlogging',
      fields: kindsByField(offline),
      from: 0,
      to: 10,
      partitions: parts,
    });
    expect(statements).toHaveLength(2 * parts.length);
    statements.forEach((s, i) => {
      const partition = parts[i % parts.length]!;
      expect(s.endsWith(` AND ${partition} GROUP BY "assetId")`)).toBe(true);
      expect(s).toContain(i < parts.length ? 'last("depthCm")' : 'last("rainfallMmH")');
    });
  });

  it('quotes hostile field names and kinds', () => {
    const [statement] = lastSeenStatements({
      domain: 'heating',
      fields: new Map([['f"x' as MetricName, ["it's" as AssetKind]]]),
      from: -5,
      to: 5,
      partitions: [null],
    });
    expect(statement).toBe(
      `SELECT "agg", "assetId" FROM (SELECT last("f\\"x") AS "agg" FROM "raw"."heating" WHERE ("kind" = 'it\\'s') AND time > -5ms AND time <= 5ms GROUP BY "assetId")`,
    );
  });
});

// ---- window plans ----

const windowRule = (
  aggregate: WindowAggregate,
  hours: number[],
  overrides: Partial<WindowRule> = {},
): WindowRule => {
  const severities = ['blue', 'yellow', 'orange', 'red'] as const;
  return {
    ...rainstorm,
    id: `w-${aggregate}`,
    aggregate,
    levels: hours.map((windowHours, i) => ({
      severity: severities[i]!,
      windowHours,
      value: 10 * (i + 1),
    })),
    ...overrides,
  };
};

describe('windowPlan', () => {
  it.each([
    // aggregate, window hours, mode, bucket (ms)
    ['sum', [12, 6, 3], 'buckets', 3 * HOUR],
    ['max', [3, 12, 6, 3], 'buckets', 3 * HOUR],
    ['mean', [1, 0.5], 'buckets', HOUR / 2],
    ['sum', [24, 0.25], 'buckets', HOUR / 4], // 96 buckets
    ['sum', [100, 0.25], 'buckets', HOUR / 4], // 400 buckets: the limit
    ['sum', [168, 0.25], 'per-window', HOUR / 4], // 672 buckets
    ['max', [7, 1 / 60], 'per-window', 60_000], // 420 buckets
    ['sum', [5, 3], 'buckets', HOUR], // 5 buckets of an hour
    ['sum', [0.1], 'buckets', 360_000],
    ['integral', [12, 6, 3], 'per-window', 3 * HOUR],
    ['integral', [3], 'per-window', 3 * HOUR],
  ] as const)('%s over %j h: %s of %d ms', (aggregate, hours, mode, bucketMs) => {
    const plan = windowPlan(windowRule(aggregate, [...hours]), AT);
    expect(plan.mode).toBe(mode);
    expect(plan.bucketMs).toBe(bucketMs);
    expect(plan.at).toBe(AT);
    // Distinct windows, longest first, each a whole number of buckets.
    const distinct = [...new Set(hours)].sort((a, b) => b - a);
    expect(plan.windows).toEqual(distinct.map((h) => ({ hours: h, ms: Math.round(h * HOUR) })));
    for (const w of plan.windows) expect(w.ms % plan.bucketMs).toBe(0);
    if (mode === 'buckets')
      expect(plan.windows[0]!.ms / plan.bucketMs).toBeLessThanOrEqual(MAX_BUCKETS);
  });
});

describe('windowStatements', () => {
  it('bucket mode: one statement over the longest window, buckets aligned to the tick', () => {
    const rule = windowRule('sum', [12, 6, 3]);
    const plan = windowPlan(rule, AT);
    const offset = AT % (3 * HOUR);
    expect(offset).toBe(HOUR / 2); // 3 h buckets from the epoch start at 09:00
    expect(windowStatements(rule, plan, [null])).toEqual([
      `SELECT "agg", "assetId" FROM (SELECT sum("rainfallMmH") AS "agg" FROM "raw"."waterlogging" WHERE ("kind" = 'rain_gauge') AND time >= ${AT - 12 * HOUR}ms AND time <= ${AT}ms GROUP BY time(${3 * HOUR}ms, ${offset}ms), "assetId" fill(none))`,
    ]);
  });

  it.each([AT, 0, -1, -7 * HOUR - 1, 12_345, 3 * HOUR])(
    'bucket mode at %d: every window starts on a bucket boundary',
    (at) => {
      const rule = windowRule('max', [12, 6, 3, 1.5]);
      const plan = windowPlan(rule, at);
      const [statement] = windowStatements(rule, plan, [null]);
      const [, bucket, offset] = /GROUP BY time\((\d+)ms, (\d+)ms\)/.exec(statement!)!.map(Number);
      expect(bucket).toBe(plan.bucketMs);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(bucket!);
      for (const w of plan.windows)
        expect((((at - w.ms - offset!) % bucket!) + bucket!) % bucket!).toBe(0);
    },
  );

  it('mean asks for sums and counts; max and integral for their function; one series out', () => {
    const select = (aggregate: WindowAggregate) => {
      const rule = windowRule(aggregate, [6, 3]);
      const statement = windowStatements(rule, windowPlan(rule, AT), [null])[0]!;
      const [outer, inner] = statement.split(' FROM (SELECT ');
      return [outer, `SELECT ${inner!.split(' FROM ')[0]}`];
    };
    expect(select('mean')).toEqual([
      'SELECT "agg", "n", "assetId"',
      'SELECT sum("rainfallMmH") AS "agg", count("rainfallMmH") AS "n"',
    ]);
    expect(select('max')).toEqual([
      'SELECT "agg", "assetId"',
      'SELECT max("rainfallMmH") AS "agg"',
    ]);
    expect(select('sum')).toEqual([
      'SELECT "agg", "assetId"',
      'SELECT sum("rainfallMmH") AS "agg"',
    ]);
    expect(select('integral')).toEqual([
      'SELECT "agg", "assetId"',
      'SELECT integral("rainfallMmH", 1h) AS "agg"',
    ]);
  });

  it('per-window mode: one statement per window (longest first) within each partition', () => {
    const rule = windowRule('integral', [12, 6, 3]);
    const plan = windowPlan(rule, AT);
    const parts = ['"district" = \'120101\'', null];
    const statements = windowStatements(rule, plan, parts);
    const head = `SELECT "agg", "assetId" FROM (SELECT integral("rainfallMmH", 1h) AS "agg" FROM "raw"."waterlogging" WHERE ("kind" = 'rain_gauge')`;
    expect(statements).toEqual([
      `${head} AND time >= ${AT - 12 * HOUR}ms AND time <= ${AT}ms AND "district" = '120101' GROUP BY "assetId")`,
      `${head} AND time >= ${AT - 6 * HOUR}ms AND time <= ${AT}ms AND "district" = '120101' GROUP BY "assetId")`,
      `${head} AND time >= ${AT - 3 * HOUR}ms AND time <= ${AT}ms AND "district" = '120101' GROUP BY "assetId")`,
      `${head} AND time >= ${AT - 12 * HOUR}ms AND time <= ${AT}ms GROUP BY "assetId")`,
      `${head} AND time >= ${AT - 6 * HOUR}ms AND time <= ${AT}ms GROUP BY "assetId")`,
      `${head} AND time >= ${AT - 3 * HOUR}ms AND time <= ${AT}ms GROUP BY "assetId")`,
    ]);
  });

  it('quotes a hostile metric and kinds', () => {
    const rule = windowRule('max', [1], {
      metric: 'x") FROM "y' as MetricName,
      assetKinds: ["k'1" as AssetKind, 'k\\2' as AssetKind],
    });
    const [statement] = windowStatements(rule, windowPlan(rule, AT), [null]);
    expect(statement).toContain(`SELECT max("x\\") FROM \\"y") AS "agg" FROM "raw"."waterlogging"`);
    expect(statement).toContain(`("kind" = 'k\\'1' OR "kind" = 'k\\\\2')`);
  });
});

// ---- answers ----

describe('seriesOf', () => {
  it('concatenates the series of every result', () => {
    const answer: InfluxAnswer = {
      results: [
        { statement_id: 0, series: [{ tags: { assetId: 'a' } }, { tags: { assetId: 'b' } }] },
        { statement_id: 1 },
        { statement_id: 2, series: [{ tags: { assetId: 'c' } }] },
      ],
    };
    expect(seriesOf(answer).map((s) => s.tags?.assetId)).toEqual(['a', 'b', 'c']);
    expect(seriesOf({})).toEqual([]);
    expect(seriesOf({ results: [{ statement_id: 0 }] })).toEqual([]);
  });

  it.each([
    [{ error: 'authorization failed' }, 'InfluxDB: authorization failed'],
    [
      { results: [{ statement_id: 0, error: 'database not found: x' }] },
      'InfluxDB: database not found: x',
    ],
    [
      {
        results: [
          { statement_id: 0, series: [{}] },
          { statement_id: 1, error: 'timeout' },
        ],
      },
      'InfluxDB: timeout',
    ],
  ] as [InfluxAnswer, string][])('throws InfluxQueryError on %j', (answer, message) => {
    expect(() => seriesOf(answer)).toThrow(InfluxQueryError);
    expect(() => seriesOf(answer)).toThrow(message);
  });

  it('collectLastSeen and collectWindows throw on errors too', () => {
    const answer: InfluxAnswer = { results: [{ error: 'boom' }] };
    expect(() => collectLastSeen(answer, new Map())).toThrow(InfluxQueryError);
    const rule = windowRule('sum', [1]);
    expect(() => collectWindows(answer, rule, windowPlan(rule, AT), new Map())).toThrow(
      InfluxQueryError,
    );
  });
});

describe('mergeChunks', () => {
  it('joins the chunks of each statement, rows of a long series in order, flags dropped', () => {
    // Recorded shape: chunked=true&chunk_size=2, a one-series answer of 5 rows, then a 2nd statement.
    const text = [
      '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","agg","assetId"],"values":[[1,0,"a"],[1,1,"b"]],"partial":true}],"partial":true}]}',
      '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","agg","assetId"],"values":[[2,2,"c"],[2,3,"d"]],"partial":true}],"partial":true}]}',
      '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","agg","assetId"],"values":[[3,4,"e"]]}]}]}',
      '{"results":[{"statement_id":1,"series":[{"name":"m","tags":{"assetId":"f"},"columns":["time","last"],"values":[[9,1]]}]}]}',
      '',
    ].join('\n');
    const merged = mergeChunks(text);
    expect(merged.results!.map((r) => r.statement_id)).toEqual([0, 1]);
    expect(merged.results![0]!.series!.flatMap((s) => s.values)).toEqual([
      [1, 0, 'a'],
      [1, 1, 'b'],
      [2, 2, 'c'],
      [2, 3, 'd'],
      [3, 4, 'e'],
    ]);
    expect(JSON.stringify(merged)).not.toContain('partial');
    const seen = new Map<string, number>();
    collectLastSeen(merged, seen);
    expect(Object.fromEntries(seen)).toEqual({ a: 1, b: 1, c: 2, d: 2, e: 3, f: 9 });
  });

  it('keeps errors, of the request and of a statement', () => {
    expect(() => seriesOf(mergeChunks('{"error":"error parsing query: found x"}'))).toThrow(
      'InfluxDB: error parsing query: found x',
    );
    const answer = mergeChunks(
      '{"results":[{"statement_id":0,"series":[{"columns":["time"],"values":[[1]]}],"partial":true}]}\n' +
        '{"results":[{"statement_id":0,"error":"query interrupted"}]}\n',
    );
    expect(() => seriesOf(answer)).toThrow('InfluxDB: query interrupted');
  });

  it('reads a plain (not chunked) answer too, and an empty one', () => {
    expect(mergeChunks('{"results":[{"statement_id":0}]}')).toEqual({
      results: [{ statement_id: 0 }],
    });
    expect(mergeChunks('')).toEqual({});
    expect(() => mergeChunks('<html>bad gateway</html>')).toThrow(SyntaxError);
  });
});

const lastSeries = (assetId: string | undefined, time: unknown) => ({
  name: 'waterlogging',
  ...(assetId === undefined ? {} : { tags: { assetId } }),
  columns: ['time', 'last'],
  values: [[time, 1]],
});

describe('collectLastSeen', () => {
  it('reads the one-series answer of lastSeenStatements (recorded from InfluxDB 1.6.7)', () => {
    // SELECT "agg", "assetId" FROM (SELECT last("f") AS "agg" … GROUP BY "assetId")
    const at = 1_789_992_000_000;
    const into = new Map<string, number>([['b', at]]);
    collectLastSeen(
      {
        results: [
          {
            statement_id: 0,
            series: [
              {
                name: 'm',
                columns: ['time', 'agg', 'assetId'],
                values: [
                  [at - HOUR, 100, 'a'],
                  [at - HOUR, 20, 'b'],
                  [at, 60, 'c'],
                ],
              },
            ],
          },
        ],
      },
      into,
    );
    expect(Object.fromEntries(into)).toEqual({ a: at - HOUR, b: at, c: at });
    // An empty answer (no asset reported) adds nothing.
    collectLastSeen({ results: [{ statement_id: 0 }] }, into);
    expect(into.size).toBe(3);
  });

  it('in one series, skips rows without an asset id or a time', () => {
    const into = new Map<string, number>();
    collectLastSeen(
      {
        results: [
          {
            series: [
              {
                columns: ['time', 'agg', 'assetId'],
                values: [
                  [5, 1, null],
                  [6, 1, ''],
                  [null, 1, 'x'],
                  [7, 1, 'y'],
                  [3, 1, 'y'],
                ],
              },
            ],
          },
        ],
      },
      into,
    );
    expect(Object.fromEntries(into)).toEqual({ y: 7 });
  });

  it('keeps the latest time of an asset across series, statements and what is there already', () => {
    const into = new Map([['kept', 500]]);
    collectLastSeen(
      {
        results: [
          {
            series: [
              lastSeries('a', 100),
              lastSeries('b', 300),
              lastSeries('a', 200), // a second series of a (another field or district)
              lastSeries('kept', 400), // older than what the map has
            ],
          },
        ],
      },
      into,
    );
    collectLastSeen({ results: [{ series: [lastSeries('a', 150), lastSeries('b', 301)] }] }, into);
    expect(Object.fromEntries(into)).toEqual({ kept: 500, a: 200, b: 301 });
  });

  it('ignores series without an asset id or a numeric time', () => {
    const into = new Map<string, number>();
    collectLastSeen(
      {
        results: [
          {
            series: [
              lastSeries(undefined, 100),
              lastSeries('', 100),
              lastSeries('a', null),
              lastSeries('b', '2026-01-01T00:00:00Z'),
              { tags: { assetId: 'c' } },
              { tags: { assetId: 'd' }, values: [] },
              lastSeries('e', 0),
            ],
          },
        ],
      },
      into,
    );
    expect(Object.fromEntries(into)).toEqual({ e: 0 });
  });
});

// ---- collectWindows + aggregatesOf against aggregateWindow, through an InfluxDB stand-in ----

interface Point {
  assetId: string;
  kind: string;
  district?: string;
  ts: number;
  value: number;
}

type Shape = 'one series' | 'series per asset';

/**
 * Answers one statement of windowStatements as InfluxDB 1.6 would, over these points (field values
 * of the rule's metric): the outer columns, the WHERE clause (kinds, time range, partition) and
 * GROUP BY are read from the statement's text. Supports sum, count, max, and integral without time
 * buckets. `one series`: the answer to the statement as it is, rows [time, agg(, n), assetId] in time
 * order; `series per asset`: the answer to the inner grouped statement alone, each asset's rows in
 * two series (InfluxDB splits a group's output when it interleaves series).
 */
function influxAnswer(statement: string, points: readonly Point[], shape: Shape): InfluxAnswer {
  const outer = /^SELECT ((?:"\w+", )+)"assetId" FROM \((.+)\)$/.exec(statement);
  if (!outer) throw new Error(`stand-in cannot read ${statement}`);
  const m =
    /^SELECT (.+) FROM "raw"\."waterlogging" WHERE \((.+?)\) AND time >= (-?\d+)ms AND time <= (-?\d+)ms(?: AND (.+?))? GROUP BY (?:time\((\d+)ms, (\d+)ms\), )?"assetId"( fill\(none\))?$/.exec(
      outer[2]!,
    );
  if (!m) throw new Error(`stand-in cannot read ${outer[2]}`);
  const [, select, kindsText, fromText, toText, partition, bucketText, offsetText, fillNone] = m;
  const kinds = [...kindsText!.matchAll(/"kind" = ('(?:[^'\\]|\\.)*')/g)].map(
    (k) => scanQuoted(k[1]!).value,
  );
  const selected = select!.split(/, (?=\w+\()/).map((f) => /^(\w+)\(.*\) AS "(\w+)"$/.exec(f)!);
  const functions = selected.map((f) => f[1]!);
  const aliases = selected.map((f) => f[2]!);
  // The outer SELECT asks for exactly the inner columns, in order.
  expect(outer[1]).toBe(aliases.map((a) => `"${a}", `).join(''));
  const [from, to] = [Number(fromText), Number(toText)];
  const inRange = points.filter(
    (p) =>
      kinds.includes(p.kind) &&
      p.ts >= from &&
      p.ts <= to &&
      matchesPartition(partition ?? null, p.district),
  );
  const reduce = (pts: Point[]): (number | null)[] =>
    functions.map((f) => {
      const values = pts.map((p) => p.value);
      switch (f) {
        case 'count':
          return values.length;
        case 'sum':
          return values.length ? values.reduce((a, b) => a + b, 0) : null;
        case 'max':
          return values.length ? Math.max(...values) : null;
        case 'integral': {
          if (bucketText) throw new Error('the stand-in has no bucketed integral');
          if (!values.length) return null;
          const sorted = [...pts].sort((a, b) => a.ts - b.ts);
          let total = 0;
          for (let i = 1; i < sorted.length; i++)
            total +=
              ((sorted[i - 1]!.value + sorted[i]!.value) / 2) *
              ((sorted[i]!.ts - sorted[i - 1]!.ts) / HOUR);
          return total;
        }
        default:
          throw new Error(`stand-in has no ${f}`);
      }
    });
  const byAsset = new Map<string, Point[]>();
  for (const p of inRange) byAsset.set(p.assetId, [...(byAsset.get(p.assetId) ?? []), p]);
  const rowsOf = new Map<string, unknown[][]>();
  for (const [assetId, pts] of byAsset) {
    const rows: unknown[][] = [];
    if (bucketText) {
      const bucket = Number(bucketText);
      const offset = Number(offsetText);
      const first = Math.floor((from - offset) / bucket) * bucket + offset;
      for (let start = first; start <= to; start += bucket) {
        const inside = pts.filter((p) => p.ts >= start && p.ts < start + bucket);
        if (inside.length === 0 && fillNone) continue;
        rows.push([start, ...reduce(inside)]);
      }
    } else rows.push([0, ...reduce(pts)]);
    rowsOf.set(assetId, rows);
  }
  if (shape === 'one series') {
    const values = [...rowsOf].flatMap(([assetId, rows]) => rows.map((r) => [...r, assetId]));
    values.sort((a, b) => (a[0] as number) - (b[0] as number));
    const series = [{ name: 'waterlogging', columns: ['time', ...aliases, 'assetId'], values }];
    return { results: [{ statement_id: 0, ...(values.length ? { series } : {}) }] };
  }
  const series: { tags: Record<string, string>; columns: string[]; values: unknown[][] }[] = [];
  for (const [assetId, rows] of rowsOf) {
    const columns = ['time', ...aliases];
    const half = Math.ceil(rows.length / 2);
    series.push({ tags: { assetId }, columns, values: rows.slice(0, half) });
    if (rows.length > half) series.push({ tags: { assetId }, columns, values: rows.slice(half) });
  }
  // Interleave the assets' series, as InfluxDB may.
  series.sort((a, b) => (a.values[0]![0] as number) - (b.values[0]![0] as number));
  return { results: [{ statement_id: 0, series }] };
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Rain gauges in several districts (and one without a district, one with an unknown code), points
 * at random times around the longest window, some exactly on window starts and on `at`, some
 * outside; one gauge has data only in the oldest part, one none at all; one underpass (another
 * kind) reports too and must not count.
 */
function gauges(plan: WindowPlan, seed: number): Point[] {
  const next = random(seed);
  const districts = [...DISTRICT_CODES.slice(0, 4), undefined, '999999'];
  const longest = plan.windows[0]!.ms;
  const points: Point[] = [];
  for (let g = 0; g < 24; g++) {
    const assetId = `RG-${String(g).padStart(3, '0')}`;
    const shift = g === 7 ? -200 : 0; // one gauge below zero
    const district = districts[g % districts.length];
    const count = g === 23 ? 0 : 1 + Math.floor(next() * 30);
    for (let i = 0; i < count; i++) {
      const ts =
        g === 22
          ? plan.at - longest + Math.floor(next() * 60_000) // only at the very start
          : plan.at - longest - HOUR + Math.floor(next() * (longest + 2 * HOUR));
      points.push({
        assetId,
        kind: 'rain_gauge',
        ...(district ? { district } : {}),
        ts,
        value: Math.round(next() * 12_000) / 100 + shift,
      });
    }
    for (const w of plan.windows)
      if (next() < 0.4)
        points.push({
          assetId,
          kind: 'rain_gauge',
          ...(district ? { district } : {}),
          ts: plan.at - w.ms,
          value: 7.25 + shift,
        });
    if (next() < 0.4)
      points.push({
        assetId,
        kind: 'rain_gauge',
        ...(district ? { district } : {}),
        ts: plan.at,
        value: 3.5 + shift,
      });
  }
  points.push({
    assetId: 'UP-1',
    kind: 'underpass',
    district: DISTRICT_CODES[0],
    ts: plan.at - 1,
    value: 999,
  });
  return points;
}

/** Runs every statement through the stand-in and folds the answers as the tick service does. */
function viaInflux(
  rule: WindowRule,
  plan: WindowPlan,
  partitions: readonly (string | null)[],
  points: readonly Point[],
  shape: Shape = 'one series',
): Map<string, WindowAccumulator> {
  const into = new Map<string, WindowAccumulator>();
  const statements = windowStatements(rule, plan, partitions);
  expect(statements).toHaveLength(
    partitions.length * (plan.mode === 'buckets' ? 1 : plan.windows.length),
  );
  // Answers arrive in any order (bounded concurrency): fold them back to front.
  for (let index = statements.length - 1; index >= 0; index--) {
    collectWindows(
      influxAnswer(statements[index]!, points, shape),
      rule,
      plan,
      into,
      plan.mode === 'per-window' ? index % plan.windows.length : undefined,
    );
  }
  return into;
}

describe('collectWindows + aggregatesOf equal aggregateWindow over the same points', () => {
  const cases: [WindowAggregate, number[], WindowPlan['mode']][] = [];
  for (const aggregate of ['sum', 'max', 'mean'] as const) {
    cases.push([aggregate, [12, 6, 3], 'buckets']);
    cases.push([aggregate, [2, 0.5, 0.25], 'buckets']);
    cases.push([aggregate, [12, 6, 3], 'per-window']); // forced
    cases.push([aggregate, [168, 0.1], 'per-window']); // 1,680 buckets: per window by itself
  }
  cases.push(['integral', [12, 6, 3], 'per-window']);
  cases.push(['integral', [5, 1, 0.1], 'per-window']);

  it.each(
    cases.flatMap(([aggregate, hours, mode]) =>
      [false, true].flatMap((split) =>
        [1, 2].flatMap((seed) =>
          (['one series', 'series per asset'] as const).map(
            (shape) =>
              [
                aggregate,
                hours,
                mode,
                split ? 'split by district' : 'unsplit',
                seed,
                shape,
              ] as const,
          ),
        ),
      ),
    ),
  )(
    '%s over %j h, %s mode, %s, seed %d, answered as %s',
    (aggregate, hours, mode, split, seed, shape) => {
      const rule = windowRule(aggregate, hours);
      const computed = windowPlan(rule, AT + seed * 61_001);
      const plan: WindowPlan = { ...computed, mode };
      const points = gauges(plan, seed);
      const partitions = districtPartitions(split === 'split by district');
      const accumulators = viaInflux(rule, plan, partitions, points, shape);

      const ids = [...new Set(points.filter((p) => p.kind === 'rain_gauge').map((p) => p.assetId))];
      expect(accumulators.has('UP-1')).toBe(false);
      let compared = 0;
      let nulls = 0;
      for (const assetId of [...ids, 'RG-023']) {
        const got = aggregatesOf(accumulators.get(assetId), rule, plan);
        const own = points
          .filter((p) => p.assetId === assetId && p.kind === 'rain_gauge')
          .map((p) => ({ ts: p.ts, value: p.value }));
        expect([...got.keys()]).toEqual(plan.windows.map((w) => w.hours));
        for (const w of plan.windows) {
          const expected = aggregateWindow(own, aggregate, plan.at, w.hours);
          const value = got.get(w.hours);
          if (expected === null) {
            nulls++;
            expect(value, `${assetId} ${w.hours} h`).toBeNull();
          } else {
            compared++;
            expect(value, `${assetId} ${w.hours} h`).toBeCloseTo(expected, 6);
          }
        }
      }
      // The data is rich enough to mean something: values compared and windows without data.
      expect(compared).toBeGreaterThan(20);
      expect(nulls).toBeGreaterThan(0);
    },
  );

  it('a mean row without points does not count (a sum without a count)', () => {
    const rule = windowRule('mean', [2, 1]);
    const plan = windowPlan(rule, AT);
    const into = new Map<string, WindowAccumulator>();
    const row = (time: number, sum: number | null, n: number) => [time, sum, n, 'a'];
    collectWindows(
      {
        results: [
          {
            series: [
              {
                columns: ['time', 'agg', 'n', 'assetId'],
                values: [
                  row(AT - 2 * HOUR, 5, 0),
                  row(AT - 2 * HOUR, null, 0),
                  row(AT - 10, 10, 2),
                ],
              },
            ],
          },
        ],
      },
      rule,
      plan,
      into,
    );
    expect(aggregatesOf(into.get('a'), rule, plan)).toEqual(
      new Map([
        [2, 5],
        [1, 5],
      ]),
    );
  });

  it('a window without data is null, a window whose data sums to 0 is 0', () => {
    const rule = windowRule('sum', [6, 1]);
    const plan = windowPlan(rule, AT);
    const points: Point[] = [
      { assetId: 'a', kind: 'rain_gauge', ts: AT - 5 * HOUR, value: 4 },
      { assetId: 'b', kind: 'rain_gauge', ts: AT - 10, value: 0 },
    ];
    const acc = viaInflux(rule, plan, [null], points);
    expect(aggregatesOf(acc.get('a'), rule, plan)).toEqual(
      new Map([
        [6, 4],
        [1, null],
      ]),
    );
    expect(aggregatesOf(acc.get('b'), rule, plan)).toEqual(
      new Map([
        [6, 0],
        [1, 0],
      ]),
    );
    expect(aggregatesOf(undefined, rule, plan)).toEqual(
      new Map([
        [6, null],
        [1, null],
      ]),
    );
  });
});

describe('integral: why it is queried window by window (answers recorded from InfluxDB 1.6.7)', () => {
  // Points: a at −5 h and −1 h (100 mm/h); b at −11 h and −1 h (20 mm/h); c at −4 h (0), −2 h
  // (60) and at (60). Recorded with a tick at 1789992000000 (a multiple of 3 h).
  const at = 1_789_992_000_000;
  const rule = windowRule('integral', [12, 6, 3]);
  const points: Record<string, { ts: number; value: number }[]> = {
    a: [
      { ts: at - 5 * HOUR, value: 100 },
      { ts: at - HOUR, value: 100 },
    ],
    b: [
      { ts: at - 11 * HOUR, value: 20 },
      { ts: at - HOUR, value: 20 },
    ],
    c: [
      { ts: at - 4 * HOUR, value: 0 },
      { ts: at - 2 * HOUR, value: 60 },
      { ts: at, value: 60 },
    ],
  };
  const series = (assetId: string, values: number[][]) => ({
    name: 'm',
    tags: { assetId },
    columns: ['time', 'integral'],
    values,
  });

  it('grouped by 3 h buckets, InfluxDB interpolates across bucket edges: shorter windows get area from before they start', () => {
    // SELECT integral(f,1h) … WHERE time >= at−12h AND time <= at GROUP BY time(3h, 0ms), assetId
    const answer: InfluxAnswer = {
      results: [
        {
          statement_id: 0,
          series: [
            series('a', [[at - 6 * HOUR, 200]]),
            series('b', [[at - 12 * HOUR, 40]]),
            series('c', [
              [at - 6 * HOUR, 15],
              [at - 3 * HOUR, 165],
            ]),
            series('a', [[at - 3 * HOUR, 200]]),
            series('b', [[at - 3 * HOUR, 160]]),
          ],
        },
      ],
    };
    const plan: WindowPlan = { ...windowPlan(rule, at), mode: 'buckets' };
    const into = new Map<string, WindowAccumulator>();
    collectWindows(answer, rule, plan, into);
    const threeHours = (id: string) => aggregatesOf(into.get(id), rule, plan).get(3);
    // The 3 h window would count 200, 160 and 165 mm where the points inside it give 0, 0, 120.
    expect([threeHours('a'), threeHours('b'), threeHours('c')]).toEqual([200, 160, 165]);
    expect(['a', 'b', 'c'].map((id) => aggregateWindow(points[id]!, 'integral', at, 3))).toEqual([
      0, 0, 120,
    ]);
    // The longest window starts the query, so it is right even then.
    for (const id of ['a', 'b', 'c'])
      expect(aggregatesOf(into.get(id), rule, plan).get(12)).toBe(
        aggregateWindow(points[id]!, 'integral', at, 12),
      );
  });

  it('window by window, the recorded one-series answer equals aggregateWindow', () => {
    // SELECT "agg", "assetId" FROM (SELECT integral("f", 1h) AS "agg" … time >= at − 3h … GROUP BY "assetId")
    const plan = windowPlan(rule, at);
    const into = new Map<string, WindowAccumulator>();
    collectWindows(
      {
        results: [
          {
            statement_id: 0,
            series: [
              {
                name: 'm',
                columns: ['time', 'agg', 'assetId'],
                values: [
                  [0, 0, 'a'],
                  [0, 120, 'c'],
                  [0, 0, 'b'],
                ],
              },
            ],
          },
        ],
      },
      rule,
      plan,
      into,
      plan.windows.findIndex((w) => w.hours === 3),
    );
    for (const id of ['a', 'b', 'c']) {
      const got = aggregatesOf(into.get(id), rule, plan);
      expect(got.get(3)).toBe(aggregateWindow(points[id]!, 'integral', at, 3));
      expect(got.get(12)).toBeNull(); // not asked yet
    }
  });

  it('window by window (the plan for integral), the answers equal aggregateWindow', () => {
    const plan = windowPlan(rule, at);
    expect(plan.mode).toBe('per-window');
    // The 3 h statement's recorded answer; the 12 h and 6 h ones follow from the same points.
    const recorded3h: InfluxAnswer = {
      results: [
        {
          statement_id: 0,
          series: [series('c', [[0, 120]]), series('b', [[0, 0]]), series('a', [[0, 0]])],
        },
      ],
    };
    const recorded = (hours: number): InfluxAnswer =>
      hours === 3
        ? recorded3h
        : {
            results: [
              {
                statement_id: 0,
                series: Object.entries(points)
                  .map(([id, pts]) => [id, aggregateWindow(pts, 'integral', at, hours)] as const)
                  .filter(([, v]) => v !== null)
                  .map(([id, v]) => series(id, [[0, v!]])),
              },
            ],
          };
    const into = new Map<string, WindowAccumulator>();
    plan.windows.forEach((w, index) => collectWindows(recorded(w.hours), rule, plan, into, index));
    for (const id of ['a', 'b', 'c'])
      for (const w of plan.windows)
        expect(aggregatesOf(into.get(id), rule, plan).get(w.hours)).toBe(
          aggregateWindow(points[id]!, 'integral', at, w.hours),
        );
  });
});
