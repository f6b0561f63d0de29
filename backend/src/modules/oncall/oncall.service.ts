import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type {
  Incident,
  OncallMember,
  OncallNow,
  OncallRecipients,
  OncallRoute,
  OncallRouteCreate,
  OncallRouteUpdate,
  OncallSchedule,
  OncallScheduleCreate,
  OncallScheduleUpdate,
  OncallShift,
  OncallSpan,
  OncallTeam,
  OncallTeamCreate,
  OncallTeamUpdate,
  Role,
  TeamOncall,
} from '@cityops/contracts';
import type { Queryable } from '../../infra/database/database.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuthService } from '../auth/auth.service.js';
import { feedToken, verifyFeedToken } from './feed-token.js';
import { type CalendarEvent, renderCalendar } from './ical.js';
import {
  MemberTakenError,
  type MemberRow,
  OncallRepository,
  type RouteRow,
  type ScheduleRow,
  type TeamRow,
  json,
} from './oncall.repository.js';
import {
  type ScheduleSpec,
  type Span,
  spanAt,
  spansBetween,
  spansOverlapping,
} from './rotation.js';
import { quietUntilBySeverity, teamTimeZone } from './quiet-hours.js';
import { pickRoute } from './routing.js';

export interface Actor {
  username: string;
  role: Role;
  ip: string | null;
}

const DAY_MS = 86_400_000;
/** The calendar feed: a week back (recent shifts stay visible) and eight weeks ahead. */
const FEED_PAST_MS = 7 * DAY_MS;
const FEED_AHEAD_MS = 56 * DAY_MS;

const iso = (v: Date | string | number) => new Date(v).toISOString();

function invalid(details: string[]): BadRequestException {
  return new BadRequestException({ message: 'Invalid request', details });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

function toSpec(row: ScheduleRow): ScheduleSpec {
  return {
    id: row.id,
    timeZone: row.time_zone,
    layers: json(row.layers),
    overrides: json(row.overrides),
  };
}

function toSchedule(row: ScheduleRow): OncallSchedule {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    timeZone: row.time_zone,
    layers: json(row.layers),
    overrides: json(row.overrides),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

function toRoute(row: RouteRow): OncallRoute {
  return {
    id: row.id,
    order: row.position,
    match: json(row.match),
    isDefault: row.is_default,
    teamId: row.team_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

function toSpan(scheduleId: string, span: Span): OncallSpan {
  return {
    scheduleId,
    memberId: span.memberId,
    source:
      span.source.kind === 'layer'
        ? { kind: 'layer', layer: span.source.layer }
        : { kind: 'override', reason: span.source.reason },
    start: iso(span.start),
    end: iso(span.end),
  };
}

/**
 * On-call: teams, schedules and routes (each change audited with before and after), who is on call
 * at an instant, each member's calendar feed, and recipientsFor, which the escalation work calls.
 */
@Injectable()
export class OncallService {
  constructor(
    private readonly repo: OncallRepository,
    private readonly audit: AuditRepository,
    private readonly auth: AuthService,
  ) {}

  /**
   * Feed tokens are signed with the app's auth secret, resolved once at start by AuthService (a
   * lazy lookup here ran inside a team's transaction the first time and failed with PGlite).
   */
  private feedSecret(): string {
    return this.auth.signingSecret();
  }

  // Teams ---------------------------------------------------------------------------------------

  private async toMember(row: MemberRow, viewer: Role): Promise<OncallMember> {
    const member: OncallMember = {
      id: row.id,
      teamId: row.team_id,
      username: row.username,
      displayName: row.display_name ?? row.username ?? row.id,
      contacts: json(row.contacts),
      quietHours: json(row.quiet_hours),
    };
    if (viewer === 'admin') {
      const token = feedToken(this.feedSecret(), row.id, row.feed_version);
      member.feedUrl = `/api/oncall/ical/${row.id}.ics?token=${token}`;
    }
    return member;
  }

  private async toTeam(row: TeamRow, members: MemberRow[], viewer: Role): Promise<OncallTeam> {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      members: await Promise.all(
        members.filter((m) => m.team_id === row.id).map((m) => this.toMember(m, viewer)),
      ),
      createdBy: row.created_by,
      createdAt: iso(row.created_at),
      updatedBy: row.updated_by,
      updatedAt: iso(row.updated_at),
    };
  }

  async listTeams(viewer: Role): Promise<OncallTeam[]> {
    const [teams, members] = await Promise.all([this.repo.listTeams(), this.repo.membersOf(null)]);
    return Promise.all(teams.map((t) => this.toTeam(t, members, viewer)));
  }

  async getTeam(id: string, viewer: Role, tx: Queryable = this.repo.db): Promise<OncallTeam> {
    const row = await this.repo.findTeam(id, tx);
    if (!row) throw new NotFoundException(`No team ${id}`);
    return this.toTeam(row, await this.repo.membersOf([id], tx), viewer);
  }

  async createTeam(body: OncallTeamCreate, actor: Actor): Promise<OncallTeam> {
    const { id, ...team } = body;
    return this.change(actor, 'oncall.team.created', `oncall-team:${id}`, async (tx) => {
      if (await this.repo.findTeam(id, tx)) throw new ConflictException(`Team ${id} exists`);
      await this.checkMembers(tx, id, team);
      await this.writeTeam(() => this.repo.insertTeam(tx, id, team, actor.username), id);
      return { before: null, after: await this.getTeam(id, actor.role, tx) };
    });
  }

  async updateTeam(id: string, body: OncallTeamUpdate, actor: Actor): Promise<OncallTeam> {
    return this.change(actor, 'oncall.team.updated', `oncall-team:${id}`, async (tx) => {
      if (!(await this.repo.findTeam(id, tx, true))) throw new NotFoundException(`No team ${id}`);
      const before = await this.getTeam(id, actor.role, tx);
      await this.checkMembers(tx, id, body);
      // A member a schedule still names may not go: the schedule would point at nobody.
      const kept = new Set(body.members.map((m) => m.id));
      const inUse = (await this.repo.listSchedules(id, tx)).flatMap((s) =>
        [...scheduleMemberIds(toSpec(s))]
          .filter((m) => !kept.has(m))
          .map((m) => `member ${m} is in schedule ${s.id}`),
      );
      if (inUse.length)
        throw new ConflictException(
          `Take the members out of the schedules first: ${inUse.slice(0, 10).join('; ')}`,
        );
      await this.writeTeam(() => this.repo.replaceTeam(tx, id, body, actor.username), id);
      return { before, after: await this.getTeam(id, actor.role, tx) };
    });
  }

  async deleteTeam(id: string, actor: Actor): Promise<void> {
    await this.change(actor, 'oncall.team.deleted', `oncall-team:${id}`, async (tx) => {
      if (!(await this.repo.findTeam(id, tx, true))) throw new NotFoundException(`No team ${id}`);
      const before = await this.getTeam(id, actor.role, tx);
      const schedules = (await this.repo.listSchedules(id, tx)).map((s) => s.id);
      const routes = await this.repo.routesOfTeam(tx, id);
      if (schedules.length || routes.length)
        throw new ConflictException(
          `Team ${id} is still used by ${[
            ...schedules.map((s) => `schedule ${s}`),
            ...routes.map((r) => `route ${r}`),
          ].join(', ')}`,
        );
      await this.repo.deleteTeam(tx, id);
      return { before, after: null };
    });
  }

  /** Usernames must exist; member ids must not belong to another team. */
  private async checkMembers(tx: Queryable, teamId: string, body: OncallTeamUpdate): Promise<void> {
    const usernames = body.members.flatMap((m) => (m.username ? [m.username] : []));
    const users = await this.repo.existingUsers(usernames, tx);
    const problems = body.members.flatMap((m, i) =>
      m.username !== undefined && !users.has(m.username)
        ? [
            `members.${i}.username: no user "${m.username}" (give displayName without username for someone outside the platform)`,
          ]
        : [],
    );
    if (problems.length) throw invalid(problems);
    const owners = await this.repo.memberTeams(
      body.members.map((m) => m.id),
      tx,
    );
    const taken = body.members.filter((m) => owners.has(m.id) && owners.get(m.id) !== teamId);
    if (taken.length)
      throw new ConflictException(
        `Member ids are unique across teams: ${taken
          .map((m) => `${m.id} belongs to team ${owners.get(m.id)}`)
          .join(', ')}`,
      );
  }

  private async writeTeam(write: () => Promise<void>, id: string): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof MemberTakenError) throw new ConflictException(error.message);
      if (isUniqueViolation(error)) throw new ConflictException(`Team ${id} exists`);
      throw error;
    }
  }

  // Schedules -----------------------------------------------------------------------------------

  async listSchedules(teamId?: string): Promise<OncallSchedule[]> {
    return (await this.repo.listSchedules(teamId)).map(toSchedule);
  }

  async getSchedule(id: string): Promise<OncallSchedule> {
    const row = await this.repo.findSchedule(id);
    if (!row) throw new NotFoundException(`No schedule ${id}`);
    return toSchedule(row);
  }

  async createSchedule(body: OncallScheduleCreate, actor: Actor): Promise<OncallSchedule> {
    const { id, ...schedule } = body;
    return this.change(actor, 'oncall.schedule.created', `oncall-schedule:${id}`, async (tx) => {
      if (await this.repo.findSchedule(id, tx))
        throw new ConflictException(`Schedule ${id} exists`);
      await this.checkScheduleRefs(tx, schedule);
      try {
        await this.repo.insertSchedule(tx, id, schedule, actor.username);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictException(`Schedule ${id} exists`);
        throw error;
      }
      return { before: null, after: toSchedule((await this.repo.findSchedule(id, tx))!) };
    });
  }

  async updateSchedule(
    id: string,
    body: OncallScheduleUpdate,
    actor: Actor,
  ): Promise<OncallSchedule> {
    return this.change(actor, 'oncall.schedule.updated', `oncall-schedule:${id}`, async (tx) => {
      const before = await this.repo.findSchedule(id, tx, true);
      if (!before) throw new NotFoundException(`No schedule ${id}`);
      await this.checkScheduleRefs(tx, body);
      await this.repo.replaceSchedule(tx, id, body, actor.username);
      return {
        before: toSchedule(before),
        after: toSchedule((await this.repo.findSchedule(id, tx))!),
      };
    });
  }

  async deleteSchedule(id: string, actor: Actor): Promise<void> {
    await this.change(actor, 'oncall.schedule.deleted', `oncall-schedule:${id}`, async (tx) => {
      const before = await this.repo.findSchedule(id, tx, true);
      if (!before) throw new NotFoundException(`No schedule ${id}`);
      await this.repo.deleteSchedule(tx, id);
      return { before: toSchedule(before), after: null };
    });
  }

  /** The team exists (locked until the transaction ends) and every member named is in it. */
  private async checkScheduleRefs(tx: Queryable, body: OncallScheduleUpdate): Promise<void> {
    if (!(await this.repo.findTeam(body.teamId, tx, true)))
      throw invalid([`teamId: no team "${body.teamId}"`]);
    const members = new Set((await this.repo.membersOf([body.teamId], tx)).map((m) => m.id));
    const problems: string[] = [];
    body.layers.forEach((layer, i) =>
      layer.rotation.members.forEach((m, j) => {
        if (!members.has(m))
          problems.push(
            `layers.${i}.rotation.members.${j}: no member "${m}" in team ${body.teamId}`,
          );
      }),
    );
    body.overrides.forEach((o, i) => {
      if (!members.has(o.memberId))
        problems.push(`overrides.${i}.memberId: no member "${o.memberId}" in team ${body.teamId}`);
    });
    if (problems.length) throw invalid(problems.slice(0, 20));
  }

  /** The zone the team's quiet hours are read in (quiet-hours.ts, teamTimeZone). */
  async teamTimeZone(teamId: string): Promise<string> {
    return teamTimeZone(await this.repo.listSchedules(teamId), teamId);
  }

  async spans(id: string, from: string, to: string): Promise<OncallSpan[]> {
    const row = await this.repo.findSchedule(id);
    if (!row) throw new NotFoundException(`No schedule ${id}`);
    return spansBetween(toSpec(row), Date.parse(from), Date.parse(to)).map((s) =>
      toSpan(row.id, s),
    );
  }

  // Routes --------------------------------------------------------------------------------------

  async listRoutes(): Promise<OncallRoute[]> {
    return (await this.repo.listRoutes()).map(toRoute);
  }

  async getRoute(id: string): Promise<OncallRoute> {
    const row = await this.repo.findRoute(id);
    if (!row) throw new NotFoundException(`No route ${id}`);
    return toRoute(row);
  }

  async createRoute(body: OncallRouteCreate, actor: Actor): Promise<OncallRoute> {
    const { id, ...route } = body;
    return this.change(actor, 'oncall.route.created', `oncall-route:${id}`, async (tx) => {
      if (await this.repo.findRoute(id, tx)) throw new ConflictException(`Route ${id} exists`);
      await this.checkRoute(tx, id, route);
      await this.writeRoute(() => this.repo.insertRoute(tx, id, route, actor.username));
      return { before: null, after: toRoute((await this.repo.findRoute(id, tx))!) };
    });
  }

  async updateRoute(id: string, body: OncallRouteUpdate, actor: Actor): Promise<OncallRoute> {
    return this.change(actor, 'oncall.route.updated', `oncall-route:${id}`, async (tx) => {
      const before = await this.repo.findRoute(id, tx, true);
      if (!before) throw new NotFoundException(`No route ${id}`);
      await this.checkRoute(tx, id, body);
      await this.writeRoute(() => this.repo.replaceRoute(tx, id, body, actor.username));
      return { before: toRoute(before), after: toRoute((await this.repo.findRoute(id, tx))!) };
    });
  }

  async deleteRoute(id: string, actor: Actor): Promise<void> {
    await this.change(actor, 'oncall.route.deleted', `oncall-route:${id}`, async (tx) => {
      const before = await this.repo.findRoute(id, tx, true);
      if (!before) throw new NotFoundException(`No route ${id}`);
      await this.repo.deleteRoute(tx, id);
      return { before: toRoute(before), after: null };
    });
  }

  /** The team exists; the order and the default slot are not another route's. */
  private async checkRoute(tx: Queryable, id: string, body: OncallRouteUpdate): Promise<void> {
    if (!(await this.repo.findTeam(body.teamId, tx, true)))
      throw invalid([`teamId: no team "${body.teamId}"`]);
    const others = (await this.repo.listRoutes(tx)).filter((r) => r.id !== id);
    const sameOrder = others.find((r) => r.position === body.order);
    if (sameOrder)
      throw new ConflictException(`Order ${body.order} is taken by route ${sameOrder.id}`);
    const isDefault = Object.values(body.match).every((v) => v === undefined);
    const otherDefault = others.find((r) => r.is_default);
    if (isDefault && otherDefault)
      throw new ConflictException(
        `Route ${otherDefault.id} is the default route (empty match) already; give this one a match`,
      );
  }

  private async writeRoute(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      // Two writers raced past checkRoute: the unique indexes keep one order and one default.
      if (isUniqueViolation(error))
        throw new ConflictException('The route id, order or default slot was just taken');
      throw error;
    }
  }

  // Who is on call ------------------------------------------------------------------------------

  private async teamOncall(
    team: TeamRow,
    members: MemberRow[],
    schedules: ScheduleRow[],
    at: number,
    viewer: Role,
  ): Promise<TeamOncall> {
    const oncall: OncallShift[] = [];
    const timeZone = teamTimeZone(schedules, team.id);
    for (const schedule of schedules.filter((s) => s.team_id === team.id)) {
      const span = spanAt(toSpec(schedule), at);
      const member = span && members.find((m) => m.id === span.memberId);
      if (!span || !member) continue;
      oncall.push({
        scheduleId: schedule.id,
        scheduleName: schedule.name,
        member: await this.toMember(member, viewer),
        source: toSpan(schedule.id, span).source,
        since: iso(span.start),
        until: iso(span.end),
        quietUntil: quietUntilBySeverity(json(member.quiet_hours), new Date(at), timeZone),
      });
    }
    return { team: { id: team.id, name: team.name }, oncall };
  }

  /** Who is on call at `at` in one team (404 when it does not exist) or in every team. */
  async now(teamId: string | undefined, at: Date, viewer: Role): Promise<OncallNow> {
    const teams = teamId
      ? [await this.repo.findTeam(teamId)].filter((t): t is TeamRow => t !== null)
      : await this.repo.listTeams();
    if (teamId && !teams.length) throw new NotFoundException(`No team ${teamId}`);
    const ids = teams.map((t) => t.id);
    const [members, schedules] = await Promise.all([
      this.repo.membersOf(ids),
      teamId ? this.repo.listSchedules(teamId) : this.repo.listSchedules(),
    ]);
    return {
      at: at.toISOString(),
      teams: await Promise.all(
        teams.map((t) => this.teamOncall(t, members, schedules, at.getTime(), viewer)),
      ),
    };
  }

  /**
   * Who to notify about an incident at `at`: the team of the first matching route (else the
   * default route) and its members on call then, one per schedule, with their contacts.
   */
  async recipientsFor(
    incident: Pick<Incident, 'domain' | 'district' | 'severity' | 'assetId'>,
    at: Date,
  ): Promise<OncallRecipients> {
    const [routes, assetKind] = await Promise.all([
      this.repo.listRoutes(),
      this.repo.assetKind(incident.assetId),
    ]);
    const route = pickRoute(
      routes.map((r) => ({ id: r.id, order: r.position, match: json(r.match), teamId: r.team_id })),
      {
        domain: incident.domain,
        district: incident.district,
        severity: incident.severity,
        assetKind,
      },
    );
    const team = route && (await this.repo.findTeam(route.teamId));
    if (!route || !team)
      return { at: at.toISOString(), routeId: route?.id ?? null, team: null, oncall: [] };
    const [members, schedules] = await Promise.all([
      this.repo.membersOf([team.id]),
      this.repo.listSchedules(team.id),
    ]);
    const { oncall } = await this.teamOncall(team, members, schedules, at.getTime(), 'operator');
    return {
      at: at.toISOString(),
      routeId: route.id,
      team: { id: team.id, name: team.name },
      oncall,
    };
  }

  // Calendar feed -------------------------------------------------------------------------------

  /**
   * The member's shifts as iCalendar, a week back and eight weeks ahead. A wrong token and an
   * unknown member get the same answer, so the feed does not reveal which member ids exist.
   */
  async calendar(memberId: string, token: string, now = Date.now()): Promise<string> {
    const member = await this.repo.findMember(memberId);
    const secret = this.feedSecret();
    const valid = verifyFeedToken(secret, memberId, member?.feed_version ?? 0, token);
    if (!member || !valid) throw new UnauthorizedException('Invalid calendar feed link');
    const team = (await this.repo.findTeam(member.team_id))!;
    const events: CalendarEvent[] = [];
    for (const schedule of await this.repo.listSchedules(team.id)) {
      const title = schedule.name ? `${team.name} · ${schedule.name}` : team.name;
      for (const span of spansOverlapping(
        toSpec(schedule),
        now - FEED_PAST_MS,
        now + FEED_AHEAD_MS,
      )) {
        if (span.memberId !== member.id) continue;
        const source = span.source.kind === 'layer' ? `layer:${span.source.layer}` : 'override';
        events.push({
          identity: `${schedule.id}|${source}|${span.shiftStart}|${span.start}|${member.id}`,
          start: span.start,
          end: span.end,
          summary: `值班 On call: ${title}`,
          description:
            span.source.kind === 'layer'
              ? `${schedule.id}, layer ${span.source.layer}`
              : `${schedule.id}, override: ${span.source.reason}`,
        });
      }
    }
    events.sort((a, b) => a.start - b.start);
    const name = member.display_name ?? member.username ?? member.id;
    return renderCalendar(`值班 On call: ${name}`, events, now);
  }

  // Audit ---------------------------------------------------------------------------------------

  /** Runs one change in a transaction with its audit entry (who, when, before and after). */
  private async change<T extends object>(
    actor: Actor,
    action: string,
    target: string,
    write: (tx: Queryable) => Promise<{ before: object | null; after: T | null }>,
  ): Promise<T> {
    return this.repo.db.transaction(async (tx) => {
      const { before, after } = await write(tx);
      await this.audit.record(
        {
          actor: actor.username,
          action,
          target,
          ip: actor.ip,
          data: { before: strip(before), after: strip(after) },
        },
        tx,
      );
      return after as T;
    });
  }
}

/** Feed URLs hold a secret token: they are not copied into the audit log. */
function strip(value: object | null): object | null {
  if (!value || !('members' in value)) return value;
  const team = value as OncallTeam;
  return { ...team, members: team.members.map(({ feedUrl: _feedUrl, ...m }) => m) };
}

function scheduleMemberIds(schedule: ScheduleSpec): Set<string> {
  return new Set([
    ...schedule.layers.flatMap((l) => l.rotation.members),
    ...schedule.overrides.map((o) => o.memberId),
  ]);
}
