import {
  CASE_CATEGORIES,
  districtName,
  findDistrict,
  type CASE_SOURCES,
  type CaseCategory,
  type CaseStatus,
  type DistrictCode,
} from '@cityops/contracts';
import type { City } from '../city/city-model.js';
import { STREETS_BY_DISTRICT } from '../city/names.js';
import {
  CASE_DISTRICT_WEIGHTS,
  pickDistrict,
  randomPointInDistrict,
  randomPointWithin,
  type LngLat,
} from '../city/placement.js';
import { BadRequestError, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../heating/readings-page.js';
import { createRandom, poisson, type Random } from '../lib/random.js';
import { shanghaiHourOfDay, toShanghaiIso } from '../lib/time.js';
import {
  CATEGORY_WEIGHTS,
  DESCRIPTIONS,
  planCase,
  reportingActivity,
  type CasePlan,
} from './case-lifecycle.js';
import { casesToCsv } from './cases-csv.js';

const HOUR = 3_600_000;

export type CaseSource = (typeof CASE_SOURCES)[number];

/** A case as the case system sends it (the public contract's reference format; RawCaseSchema reads it). */
export interface SourceCase {
  id: string;
  category: CaseCategory;
  source: CaseSource;
  status: CaseStatus;
  reportedAt: string;
  updatedAt: string;
  dueAt: string;
  lng: number;
  lat: number;
  /** Left out on about a third of hotline cases: the collector then derives it from the location. */
  district?: DistrictCode;
  description: string;
}

/** A deliberately broken case (bad_data scenario): the collector must reject it with a reason. */
export type BrokenCase = Record<string, unknown>;

export const BROKEN_CASE_KINDS = [
  'outside_city',
  'unknown_category',
  'due_before_reported',
  'bad_timestamp',
] as const;
export type BrokenCaseKind = (typeof BROKEN_CASE_KINDS)[number];

interface CaseRecord {
  data: SourceCase | BrokenCase;
  updatedAtMs: number;
  /** Upcoming status changes; null once closed, and for broken cases. */
  plan: CasePlan | null;
  status: CaseStatus;
}

export interface HotlineSurge {
  /** Where the calls come from; null spreads them over the city by population. */
  district: DistrictCode | null;
  /** New hotline cases per hour on top of the usual ones. */
  ratePerHour: number;
  /** Places where many neighbours call about the same thing (cases within 200 m of each). */
  clusters: number;
}

export interface SanitationOptions {
  /** Usual new cases per day across the city (inspectors and the hotline). */
  casesPerDay: number;
  /** Cases from this many hours before the start are made up at once, their lifecycles played forward. */
  backfillHours?: number;
  /** Closed cases are forgotten this long after their last change (memory stays bounded). */
  retentionHours?: number;
}

/** Clustered cases land within this radius of their cluster's centre, so any two are within 200 m of it. */
export const CLUSTER_RADIUS_M = 150;
/** Share of surge cases that come from a cluster. */
const CLUSTER_SHARE = 0.5;
/** A long clock jump is cut into pieces this long so the daily activity curve still applies. */
const ARRIVAL_SLICE_MS = 10 * 60_000;

interface Arrival {
  at: number;
  surge: boolean;
}

type Event =
  | { at: number; kind: 'open'; surge: boolean }
  | { at: number; kind: 'progress'; record: CaseRecord; status: 'in_progress' | 'closed' };

/** Events sorted by time; a new case's own status changes are inserted as they are created. */
function insertSorted(events: Event[], from: number, event: Event): void {
  let i = events.length;
  while (i > from && events[i - 1]!.at > event.at) i--;
  events.splice(i, 0, event);
}

/**
 * Citizen hotline and inspector cases: a few hundred a day by default, more by day than by night and
 * where people live; each goes open -> in_progress -> closed on a plan that keeps most within their
 * category's time limit and lets about one in seven run late. Every change gets a distinct, growing
 * updatedAt, so `updatedSince` paging never splits a tie.
 */
export class SanitationModel {
  private records: CaseRecord[] = [];
  /** Every change in updatedAt order; an entry is stale when its record changed again later. */
  private journal: { at: number; record: CaseRecord }[] = [];
  private lastUpdatedAtMs = 0;
  private lastStepAt: number;
  private readonly perDay = new Map<string, number>();
  private readonly random: Random;
  private readonly surgeRandom: Random;
  private surge: (HotlineSurge & { since: number; centres: LngLat[] }) | null = null;
  private brokenShare = 0;
  private readonly brokenCounts: Record<BrokenCaseKind, number> = {
    outside_city: 0,
    unknown_category: 0,
    due_before_reported: 0,
    bad_timestamp: 0,
  };
  private readonly retentionMs: number;

  constructor(
    city: City,
    now: number,
    private readonly options: SanitationOptions,
  ) {
    this.random = createRandom(`${city.seed}/sanitation`);
    this.surgeRandom = createRandom(`${city.seed}/sanitation-surge`);
    this.retentionMs = (options.retentionHours ?? 72) * HOUR;
    this.lastStepAt = now - (options.backfillHours ?? 24) * HOUR;
    this.step(now);
  }

  /** Moves the case system on to `now`: new cases arrive, planned status changes happen. */
  step(now: number): void {
    if (now <= this.lastStepAt) return;
    const arrivals = this.arrivalsBetween(this.lastStepAt, now);
    const events: Event[] = arrivals.map((a) => ({ at: a.at, kind: 'open', surge: a.surge }));
    for (const record of this.records) {
      for (const event of this.dueChanges(record, now)) events.push(event);
    }
    events.sort((a, b) => a.at - b.at);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (event.kind === 'open') {
        const record = this.openCase(event.at, event.surge);
        for (const change of this.dueChanges(record, now)) insertSorted(events, i + 1, change);
      } else {
        this.changeStatus(event.record, event.status, event.at);
      }
    }
    this.lastStepAt = now;
    this.forget(now);
  }

  /** A hotline surge on top of the usual reports (null ends it). */
  setSurge(surge: HotlineSurge | null, now: number): void {
    if (!surge) {
      this.surge = null;
      return;
    }
    const centres = Array.from({ length: surge.clusters }, () => {
      const district = surge.district ?? pickDistrict(this.surgeRandom, CASE_DISTRICT_WEIGHTS);
      return randomPointInDistrict(this.surgeRandom, district);
    });
    this.surge = { ...surge, since: now, centres };
  }

  /** Share of new cases that arrive broken (bad_data scenario), 0 to stop. */
  setBrokenShare(share: number): void {
    this.brokenShare = Math.min(1, Math.max(0, share));
  }

  /** GET /sanitation/cases: cases updated strictly after `updatedSince`, oldest change first. */
  page(
    updatedSince: string | null,
    limitRaw: string | null,
  ): { cases: (SourceCase | BrokenCase)[]; next: string | null } {
    const sinceMs = parseSince(updatedSince, 'updatedSince');
    let limit = DEFAULT_PAGE_LIMIT;
    if (limitRaw !== null && limitRaw !== '') {
      limit = /^\d{1,6}$/.test(limitRaw) ? Number(limitRaw) : 0;
      if (limit < 1 || limit > MAX_PAGE_LIMIT)
        throw new BadRequestError(`limit must be an integer between 1 and ${MAX_PAGE_LIMIT}`);
    }
    const page = this.changedSince(sinceMs, limit);
    const last = page[page.length - 1];
    return {
      cases: page.map((r) => r.data),
      next: last ? toShanghaiIso(last.updatedAtMs) : updatedSince || null,
    };
  }

  /** GET /sanitation/export.csv: every case changed after `since` (all kept cases without it), as a drop file. */
  exportCsv(since: string | null): string {
    return casesToCsv(this.changedSince(parseSince(since, 'since'), Infinity).map((r) => r.data));
  }

  get count(): number {
    return this.records.length;
  }

  state() {
    const byStatus: Record<CaseStatus, number> = { open: 0, in_progress: 0, closed: 0 };
    for (const r of this.records) byStatus[r.status] += 1;
    const surge = this.surge;
    return {
      cases: this.records.length,
      byStatus,
      casesPerDay: this.options.casesPerDay,
      surge: surge
        ? {
            district: surge.district,
            ratePerHour: surge.ratePerHour,
            clusters: surge.centres.map(([lng, lat]) => ({ lng, lat })),
            since: toShanghaiIso(surge.since),
          }
        : null,
      brokenShare: this.brokenShare,
      brokenCases: { ...this.brokenCounts },
    };
  }

  private changedSince(sinceMs: number, limit: number): CaseRecord[] {
    let lo = 0;
    let hi = this.journal.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.journal[mid]!.at > sinceMs) hi = mid;
      else lo = mid + 1;
    }
    const out: CaseRecord[] = [];
    for (let i = lo; i < this.journal.length && out.length < limit; i++) {
      const { at, record } = this.journal[i]!;
      if (record.updatedAtMs === at) out.push(record);
    }
    return out;
  }

  private arrivalsBetween(from: number, to: number): Arrival[] {
    const arrivals: Arrival[] = [];
    for (let start = from; start < to; start += ARRIVAL_SLICE_MS) {
      const end = Math.min(to, start + ARRIVAL_SLICE_MS);
      const hours = (end - start) / HOUR;
      const activity = reportingActivity(shanghaiHourOfDay((start + end) / 2));
      const usual = poisson(this.random, (this.options.casesPerDay / 24) * activity * hours);
      for (let i = 0; i < usual; i++)
        arrivals.push({ at: Math.round(this.random.between(start, end)), surge: false });
      if (this.surge && end > this.surge.since) {
        const surgeStart = Math.max(start, this.surge.since);
        const extra = poisson(
          this.surgeRandom,
          (this.surge.ratePerHour * (end - surgeStart)) / HOUR,
        );
        for (let i = 0; i < extra; i++)
          arrivals.push({ at: Math.round(this.surgeRandom.between(surgeStart, end)), surge: true });
      }
    }
    return arrivals.sort((a, b) => a.at - b.at);
  }

  private dueChanges(record: CaseRecord, now: number): Event[] {
    const plan = record.plan;
    if (!plan) return [];
    const events: Event[] = [];
    if (record.status === 'open' && plan.inProgressAt <= now)
      events.push({ at: plan.inProgressAt, kind: 'progress', record, status: 'in_progress' });
    if (plan.closedAt <= now)
      events.push({ at: plan.closedAt, kind: 'progress', record, status: 'closed' });
    return events;
  }

  private placeCase(random: Random, surge: boolean): { point: LngLat; district: DistrictCode } {
    const s = this.surge;
    if (surge && s) {
      if (s.centres.length > 0 && random.next() < CLUSTER_SHARE) {
        const near = randomPointWithin(random, random.pick(s.centres), CLUSTER_RADIUS_M);
        if (near) return near;
      }
      const district = s.district ?? pickDistrict(random, CASE_DISTRICT_WEIGHTS);
      return { point: randomPointInDistrict(random, district), district };
    }
    const district = pickDistrict(random, CASE_DISTRICT_WEIGHTS);
    return { point: randomPointInDistrict(random, district), district };
  }

  private nextId(at: number): string {
    const day = toShanghaiIso(at).slice(0, 10).replaceAll('-', '');
    const n = (this.perDay.get(day) ?? 0) + 1;
    this.perDay.set(day, n);
    return `SC-${day}-${String(n).padStart(4, '0')}`;
  }

  private openCase(at: number, surge: boolean): CaseRecord {
    const random = surge ? this.surgeRandom : this.random;
    const category = random.pickWeighted(
      CASE_CATEGORIES.map((c) => ({ item: c, weight: CATEGORY_WEIGHTS[c] })),
    );
    const source: CaseSource = surge || random.next() < 0.6 ? 'hotline' : 'inspector';
    const { point, district } = this.placeCase(random, surge);
    // The district named is the one the point lies in (the placement guarantees it is inside the city).
    const actualDistrict = findDistrict(point[0], point[1]) ?? district;
    const plan = planCase(random, category, at);
    const updatedAtMs = this.nextUpdatedAt(at);
    const street = random.pick(STREETS_BY_DISTRICT[actualDistrict]);
    const data: SourceCase = {
      id: this.nextId(at),
      category,
      source,
      status: 'open',
      reportedAt: toShanghaiIso(at),
      updatedAt: toShanghaiIso(updatedAtMs),
      dueAt: toShanghaiIso(plan.dueAt),
      lng: point[0],
      lat: point[1],
      description: `${districtName(actualDistrict)}${street}：${random.pick(DESCRIPTIONS[category])}`,
    };
    if (!(source === 'hotline' && random.next() < 1 / 3)) data.district = actualDistrict;
    const broken = this.brokenShare > 0 && random.next() < this.brokenShare;
    const record: CaseRecord = broken
      ? { data: this.breakCase(random, data), updatedAtMs, plan: null, status: 'open' }
      : { data, updatedAtMs, plan, status: 'open' };
    this.records.push(record);
    this.journal.push({ at: updatedAtMs, record });
    return record;
  }

  private breakCase(random: Random, data: SourceCase): BrokenCase {
    const kind = random.pick(BROKEN_CASE_KINDS);
    this.brokenCounts[kind] += 1;
    switch (kind) {
      case 'outside_city':
        // Beyond the city's western edge, in Hebei.
        return { ...data, lng: 115.6, lat: 39.3, district: undefined };
      case 'unknown_category':
        return { ...data, category: 'graffiti' };
      case 'due_before_reported':
        return { ...data, dueAt: toShanghaiIso(Date.parse(data.reportedAt) - HOUR) };
      case 'bad_timestamp':
        return { ...data, reportedAt: data.reportedAt.slice(0, 16).replace('T', ' ') };
    }
  }

  private changeStatus(record: CaseRecord, status: 'in_progress' | 'closed', at: number): void {
    if (record.status === 'closed' || record.status === status) return;
    record.status = status;
    if (status === 'closed') record.plan = null;
    record.updatedAtMs = this.nextUpdatedAt(at);
    record.data = { ...record.data, status, updatedAt: toShanghaiIso(record.updatedAtMs) };
    this.journal.push({ at: record.updatedAtMs, record });
  }

  private nextUpdatedAt(at: number): number {
    this.lastUpdatedAtMs = Math.max(at, this.lastUpdatedAtMs + 1);
    return this.lastUpdatedAtMs;
  }

  /** Drops closed (and broken) cases whose last change is older than the retention, then stale journal entries. */
  private forget(now: number): void {
    const cutoff = now - this.retentionMs;
    const kept = this.records.filter((r) => r.plan !== null || r.updatedAtMs >= cutoff);
    const dropped = kept.length !== this.records.length;
    if (dropped) this.records = kept;
    if (dropped || this.journal.length > 2 * this.records.length + 1000) {
      const live = new Set(this.records);
      this.journal = this.journal.filter(
        (e) => live.has(e.record) && e.record.updatedAtMs === e.at,
      );
    }
  }
}

function parseSince(raw: string | null, name: string): number {
  if (raw === null || raw === '') return -Infinity;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) throw new BadRequestError(`${name} must be an ISO 8601 date-time`);
  return ms;
}
