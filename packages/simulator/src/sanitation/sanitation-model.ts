import { districtName, type DistrictCode } from '@cityops/contracts';
import type { City } from '../city/city-model.js';
import { pickDistrict, randomPointInDistrict } from '../city/placement.js';
import { BadRequestError, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../heating/readings-page.js';
import { createRandom, type Random } from '../lib/random.js';
import { toShanghaiIso } from '../lib/time.js';
import { STREETS_BY_DISTRICT } from '../city/names.js';

// The case shape of the public contract. contracts has no schema for it yet (see docs/simulator.md).
export const CASE_CATEGORIES = [
  'garbage_pile',
  'dirty_street',
  'toilet',
  'snow_ice',
  'standing_water',
  'other',
] as const;
export const CASE_STATUSES = ['open', 'in_progress', 'closed'] as const;
export const CASE_SOURCES = ['hotline', 'inspector'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface SanitationCase {
  id: string;
  category: CaseCategory;
  source: (typeof CASE_SOURCES)[number];
  status: CaseStatus;
  reportedAt: string;
  updatedAt: string;
  dueAt: string;
  lng: number;
  lat: number;
  /** Left out on some hotline cases: the collector then derives it from the location. */
  district?: DistrictCode;
  description: string;
}

/** Time limits per category (PRODUCT.md, simplified to clock hours). */
const TIME_LIMIT_H: Record<CaseCategory, number> = {
  garbage_pile: 8,
  dirty_street: 5,
  toilet: 24,
  snow_ice: 4,
  standing_water: 4,
  other: 72,
};

const DESCRIPTIONS: Record<CaseCategory, string> = {
  garbage_pile: '路边垃圾堆放未清运',
  dirty_street: '路面脏污，需清扫',
  toilet: '公厕堵塞溢流',
  snow_ice: '人行道积雪结冰',
  standing_water: '路面积水影响通行',
  other: '市容环境问题',
};

interface StoredCase {
  data: SanitationCase;
  updatedAtMs: number;
  reportedAtMs: number;
}

/**
 * Citizen hotline and inspector cases: a few new ones now and then, open cases move to in progress and
 * get closed. Every change gets a distinct updatedAt, so `updatedSince` paging never splits a tie.
 */
export class SanitationModel {
  private readonly cases: StoredCase[] = [];
  private lastUpdatedAtMs = 0;
  private caseNo = 0;
  private readonly random: Random;

  constructor(city: City, now: number, initialCases = 12) {
    this.random = createRandom(`${city.seed}/sanitation`);
    for (let i = 0; i < initialCases; i++) this.openCase(now - (initialCases - i) * 600_000);
  }

  /** Called on each tick: occasionally a new case, occasionally progress on an existing one. */
  step(now: number): void {
    if (this.random.next() < 0.1) this.openCase(now);
    if (this.random.next() < 0.1) {
      const active = this.cases.filter((c) => c.data.status !== 'closed');
      if (active.length) {
        const stored = this.random.pick(active);
        this.update(stored, stored.data.status === 'open' ? 'in_progress' : 'closed', now);
      }
    }
  }

  /** GET /sanitation/cases: cases updated strictly after `updatedSince`, oldest change first. */
  page(
    updatedSince: string | null,
    limitRaw: string | null,
  ): { cases: SanitationCase[]; next: string | null } {
    let sinceMs = -Infinity;
    if (updatedSince !== null && updatedSince !== '') {
      sinceMs = /^\d{4}-\d{2}-\d{2}T/.test(updatedSince) ? Date.parse(updatedSince) : Number.NaN;
      if (!Number.isFinite(sinceMs))
        throw new BadRequestError('updatedSince must be an ISO 8601 date-time');
    }
    let limit = DEFAULT_PAGE_LIMIT;
    if (limitRaw !== null && limitRaw !== '') {
      limit = /^\d{1,6}$/.test(limitRaw) ? Number(limitRaw) : 0;
      if (limit < 1 || limit > MAX_PAGE_LIMIT)
        throw new BadRequestError(`limit must be an integer between 1 and ${MAX_PAGE_LIMIT}`);
    }
    const page = this.cases
      .filter((c) => c.updatedAtMs > sinceMs)
      .sort((a, b) => a.updatedAtMs - b.updatedAtMs)
      .slice(0, limit);
    const last = page[page.length - 1];
    return {
      cases: page.map((c) => c.data),
      next: last ? last.data.updatedAt : updatedSince || null,
    };
  }

  get count(): number {
    return this.cases.length;
  }

  private openCase(at: number): void {
    const category = this.random.pick(CASE_CATEGORIES);
    const source = this.random.pick(CASE_SOURCES);
    const district = pickDistrict(this.random);
    const [lng, lat] = randomPointInDistrict(this.random, district);
    const updatedAtMs = this.nextUpdatedAt(at);
    this.caseNo += 1;
    const day = toShanghaiIso(at).slice(0, 10).replaceAll('-', '');
    const data: SanitationCase = {
      id: `SC-${day}-${String(this.caseNo).padStart(4, '0')}`,
      category,
      source,
      status: 'open',
      reportedAt: toShanghaiIso(at),
      updatedAt: toShanghaiIso(updatedAtMs),
      dueAt: toShanghaiIso(at + TIME_LIMIT_H[category] * 3_600_000),
      lng,
      lat,
      description: `${districtName(district)}${this.random.pick(STREETS_BY_DISTRICT[district])}：${DESCRIPTIONS[category]}`,
    };
    if (!(source === 'hotline' && this.random.next() < 0.3)) data.district = district;
    this.cases.push({ data, updatedAtMs, reportedAtMs: at });
  }

  private update(stored: StoredCase, status: CaseStatus, at: number): void {
    stored.updatedAtMs = this.nextUpdatedAt(at);
    stored.data = { ...stored.data, status, updatedAt: toShanghaiIso(stored.updatedAtMs) };
  }

  private nextUpdatedAt(at: number): number {
    this.lastUpdatedAtMs = Math.max(at, this.lastUpdatedAtMs + 1);
    return this.lastUpdatedAtMs;
  }
}
