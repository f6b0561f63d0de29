import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  type Incident,
  MAX_OPERATOR_SILENCE_HOURS,
  type Role,
  type Silence,
  type SilenceBody,
  type SilenceList,
  type SilenceListQuery,
} from '@cityops/contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { silenceState } from './silence-matching.js';
import {
  SilencesRepository,
  type SilenceRow,
  toSilence,
  toSilenceWindow,
} from './silences.repository.js';

export interface Actor {
  username: string;
  role: Role;
  ip: string | null;
}

/**
 * Silences (maintenance windows). Each change is one transaction: the silence, the open incidents it
 * now covers or stops covering (docs/incidents.md), and an audit entry with before and after.
 */
@Injectable()
export class SilencesService {
  constructor(
    private readonly silences: SilencesRepository,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditRepository,
  ) {}

  async list(query: SilenceListQuery): Promise<SilenceList> {
    const now = new Date();
    const rows = await this.silences.list(query.state, query.limit, now);
    return { items: rows.map((r) => toSilence(r, now.getTime())) };
  }

  async get(id: string): Promise<Silence> {
    const row = await this.silences.find(id);
    if (!row) throw new NotFoundException(`No silence ${id}`);
    return toSilence(row, Date.now());
  }

  async create(body: SilenceBody, actor: Actor): Promise<Silence> {
    const now = new Date();
    checkOperatorLimit(body, actor, now);
    return this.change(actor, 'silence.created', now, async (tx) => ({
      before: null,
      after: await this.silences.insert(tx, randomUUID(), body, actor.username),
    }));
  }

  async update(id: string, body: SilenceBody, actor: Actor): Promise<Silence> {
    const now = new Date();
    checkOperatorLimit(body, actor, now);
    return this.change(actor, 'silence.updated', now, async (tx) => {
      const before = await this.silences.find(id, tx, true);
      if (!before) throw new NotFoundException(`No silence ${id}`);
      if (silenceState(toSilenceWindow(before), now.getTime()) === 'expired')
        throw new ConflictException('The silence has expired; create a new one');
      return { before, after: await this.silences.replace(tx, id, body, actor.username) };
    });
  }

  /** Ends the silence now. Expiring one that has already ended changes nothing (200, no audit). */
  async expire(id: string, actor: Actor): Promise<Silence> {
    const now = new Date();
    return this.change(actor, 'silence.expired', now, async (tx) => {
      const before = await this.silences.find(id, tx, true);
      if (!before) throw new NotFoundException(`No silence ${id}`);
      if (silenceState(toSilenceWindow(before), now.getTime()) === 'expired')
        return { before, after: before, unchanged: true };
      return { before, after: await this.silences.expire(tx, id, now, actor.username) };
    });
  }

  private async change(
    actor: Actor,
    action: string,
    now: Date,
    write: (
      tx: Parameters<Parameters<SilencesRepository['db']['transaction']>[0]>[0],
    ) => Promise<{ before: SilenceRow | null; after: SilenceRow; unchanged?: boolean }>,
  ): Promise<Silence> {
    const { silence, changed } = await this.silences.db.transaction(async (tx) => {
      const { before, after, unchanged } = await write(tx);
      const silence = toSilence(after, now.getTime());
      if (unchanged) return { silence, changed: [] as Incident[] };
      const changed = await this.incidents.reconcileSilence(tx, silence, actor.username, now);
      await this.audit.record(
        {
          actor: actor.username,
          action,
          target: silence.id,
          ip: actor.ip,
          data: {
            before: before && toSilence(before, now.getTime()),
            after: silence,
            incidents: changed.length,
          },
        },
        tx,
      );
      return { silence, changed };
    });
    this.incidents.announceUpdated(changed);
    return silence;
  }
}

/**
 * The dispatch desk may silence at short notice (a crew calls in a repair), for at most
 * MAX_OPERATOR_SILENCE_HOURS from now; planned maintenance windows are a supervisor's.
 */
function checkOperatorLimit(body: SilenceBody, actor: Actor, now: Date): void {
  if (actor.role !== 'operator') return;
  const start = Math.max(Date.parse(body.startsAt), now.getTime());
  if (Date.parse(body.endsAt) - start > MAX_OPERATOR_SILENCE_HOURS * 3_600_000)
    throw new ForbiddenException(
      `Operators may silence for at most ${MAX_OPERATOR_SILENCE_HOURS} h; ask a supervisor for a longer window`,
    );
}
