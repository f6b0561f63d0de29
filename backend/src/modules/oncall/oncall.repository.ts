import { Inject, Injectable } from '@nestjs/common';
import type {
  MemberContact,
  OncallMemberBody,
  OncallRouteUpdate,
  OncallScheduleUpdate,
  OncallTeamUpdate,
  QuietWindow,
  RouteMatch,
  ScheduleLayer,
  ScheduleOverride,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import { isDefaultRoute } from './routing.js';

export interface TeamRow {
  id: string;
  name: string;
  description: string | null;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

export interface MemberRow {
  id: string;
  team_id: string;
  position: number;
  username: string | null;
  display_name: string | null;
  contacts: MemberContact[] | string;
  quiet_hours: QuietWindow[] | string;
  feed_version: number;
}

export interface ScheduleRow {
  id: string;
  team_id: string;
  name: string | null;
  time_zone: string;
  layers: ScheduleLayer[] | string;
  overrides: ScheduleOverride[] | string;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

export interface RouteRow {
  id: string;
  position: number;
  match: RouteMatch | string;
  is_default: boolean;
  team_id: string;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

/** jsonb arrives parsed from node-postgres and PGlite alike; a string is parsed to be safe. */
export function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

const lock = (yes: boolean) => (yes ? ' FOR UPDATE' : '');

/** Teams, members, schedules and routes. Methods take the transaction handle they run in. */
@Injectable()
export class OncallRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  // Teams and members ---------------------------------------------------------------------------

  listTeams(tx: Queryable = this.db): Promise<TeamRow[]> {
    return tx.query<TeamRow>('SELECT * FROM oncall_teams ORDER BY id');
  }

  async findTeam(id: string, tx: Queryable = this.db, forUpdate = false): Promise<TeamRow | null> {
    const [row] = await tx.query<TeamRow>(
      `SELECT * FROM oncall_teams WHERE id = $1${lock(forUpdate)}`,
      [id],
    );
    return row ?? null;
  }

  /** Members of the given teams (all teams when null), in each team's order. */
  membersOf(teamIds: string[] | null, tx: Queryable = this.db): Promise<MemberRow[]> {
    return teamIds === null
      ? tx.query<MemberRow>('SELECT * FROM oncall_members ORDER BY team_id, position')
      : tx.query<MemberRow>(
          'SELECT * FROM oncall_members WHERE team_id = ANY($1::text[]) ORDER BY team_id, position',
          [teamIds],
        );
  }

  async findMember(id: string, tx: Queryable = this.db): Promise<MemberRow | null> {
    const [row] = await tx.query<MemberRow>('SELECT * FROM oncall_members WHERE id = $1', [id]);
    return row ?? null;
  }

  /** The team each of these member ids belongs to now (ids not taken are absent). */
  async memberTeams(ids: string[], tx: Queryable): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await tx.query<{ id: string; team_id: string }>(
      'SELECT id, team_id FROM oncall_members WHERE id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.team_id]));
  }

  async existingUsers(usernames: string[], tx: Queryable): Promise<Set<string>> {
    if (!usernames.length) return new Set();
    const rows = await tx.query<{ username: string }>(
      'SELECT username FROM users WHERE username = ANY($1::text[])',
      [usernames],
    );
    return new Set(rows.map((r) => r.username));
  }

  async insertTeam(
    tx: Queryable,
    id: string,
    body: OncallTeamUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO oncall_teams (id, name, description, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)`,
      [id, body.name, body.description ?? null, actor],
    );
    await this.writeMembers(tx, id, body.members);
  }

  async replaceTeam(
    tx: Queryable,
    id: string,
    body: OncallTeamUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE oncall_teams SET name = $2, description = $3, updated_by = $4, updated_at = now() WHERE id = $1`,
      [id, body.name, body.description ?? null, actor],
    );
    await tx.query('DELETE FROM oncall_members WHERE team_id = $1 AND NOT (id = ANY($2::text[]))', [
      id,
      body.members.map((m) => m.id),
    ]);
    await this.writeMembers(tx, id, body.members);
  }

  /**
   * Inserts or updates the team's members (keeping each one's feed version). A member id that
   * belongs to another team is left alone: the ids returned are the ones written.
   */
  private async writeMembers(
    tx: Queryable,
    teamId: string,
    members: readonly OncallMemberBody[],
  ): Promise<void> {
    for (const [position, m] of members.entries()) {
      const written = await tx.query(
        `INSERT INTO oncall_members (id, team_id, position, username, display_name, contacts, quiet_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, username = EXCLUDED.username,
           display_name = EXCLUDED.display_name, contacts = EXCLUDED.contacts,
           quiet_hours = EXCLUDED.quiet_hours
         WHERE oncall_members.team_id = EXCLUDED.team_id
         RETURNING id`,
        [
          m.id,
          teamId,
          position,
          m.username ?? null,
          m.displayName ?? null,
          JSON.stringify(m.contacts),
          JSON.stringify(m.quietHours),
        ],
      );
      if (written.length !== 1) throw new MemberTakenError(m.id);
    }
  }

  async deleteTeam(tx: Queryable, id: string): Promise<void> {
    await tx.query('DELETE FROM oncall_teams WHERE id = $1', [id]);
  }

  // Schedules -----------------------------------------------------------------------------------

  listSchedules(teamId?: string, tx: Queryable = this.db): Promise<ScheduleRow[]> {
    return teamId === undefined
      ? tx.query<ScheduleRow>('SELECT * FROM oncall_schedules ORDER BY team_id, id')
      : tx.query<ScheduleRow>('SELECT * FROM oncall_schedules WHERE team_id = $1 ORDER BY id', [
          teamId,
        ]);
  }

  async findSchedule(
    id: string,
    tx: Queryable = this.db,
    forUpdate = false,
  ): Promise<ScheduleRow | null> {
    const [row] = await tx.query<ScheduleRow>(
      `SELECT * FROM oncall_schedules WHERE id = $1${lock(forUpdate)}`,
      [id],
    );
    return row ?? null;
  }

  async insertSchedule(
    tx: Queryable,
    id: string,
    body: OncallScheduleUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO oncall_schedules (id, team_id, name, time_zone, layers, overrides, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      scheduleParams(id, body, actor),
    );
  }

  async replaceSchedule(
    tx: Queryable,
    id: string,
    body: OncallScheduleUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE oncall_schedules SET team_id = $2, name = $3, time_zone = $4, layers = $5, overrides = $6,
         updated_by = $7, updated_at = now() WHERE id = $1`,
      scheduleParams(id, body, actor),
    );
  }

  async deleteSchedule(tx: Queryable, id: string): Promise<void> {
    await tx.query('DELETE FROM oncall_schedules WHERE id = $1', [id]);
  }

  // Routes --------------------------------------------------------------------------------------

  listRoutes(tx: Queryable = this.db): Promise<RouteRow[]> {
    return tx.query<RouteRow>('SELECT * FROM oncall_routes ORDER BY is_default, position');
  }

  async findRoute(
    id: string,
    tx: Queryable = this.db,
    forUpdate = false,
  ): Promise<RouteRow | null> {
    const [row] = await tx.query<RouteRow>(
      `SELECT * FROM oncall_routes WHERE id = $1${lock(forUpdate)}`,
      [id],
    );
    return row ?? null;
  }

  /** Routes of a team, for the check before the team is deleted. */
  async routesOfTeam(tx: Queryable, teamId: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(
      'SELECT id FROM oncall_routes WHERE team_id = $1 ORDER BY id',
      [teamId],
    );
    return rows.map((r) => r.id);
  }

  async insertRoute(
    tx: Queryable,
    id: string,
    body: OncallRouteUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO oncall_routes (id, position, match, is_default, team_id, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [id, body.order, JSON.stringify(body.match), isDefaultRoute(body.match), body.teamId, actor],
    );
  }

  async replaceRoute(
    tx: Queryable,
    id: string,
    body: OncallRouteUpdate,
    actor: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE oncall_routes SET position = $2, match = $3, is_default = $4, team_id = $5, updated_by = $6,
         updated_at = now() WHERE id = $1`,
      [id, body.order, JSON.stringify(body.match), isDefaultRoute(body.match), body.teamId, actor],
    );
  }

  async deleteRoute(tx: Queryable, id: string): Promise<void> {
    await tx.query('DELETE FROM oncall_routes WHERE id = $1', [id]);
  }

  // Incidents -----------------------------------------------------------------------------------

  async assetKind(assetId: string | null): Promise<string | null> {
    if (assetId === null) return null;
    const [row] = await this.db.query<{ kind: string }>('SELECT kind FROM assets WHERE id = $1', [
      assetId,
    ]);
    return row?.kind ?? null;
  }
}

/** A member id written for one team is another team's (raced past the service's check). */
export class MemberTakenError extends Error {
  constructor(readonly memberId: string) {
    super(`member id "${memberId}" belongs to another team`);
  }
}

/** $1…$7 of the schedule statements: id, team, name, zone, layers, overrides, actor. */
function scheduleParams(id: string, body: OncallScheduleUpdate, actor: string): unknown[] {
  return [
    id,
    body.teamId,
    body.name ?? null,
    body.timeZone,
    JSON.stringify(body.layers),
    JSON.stringify(body.overrides),
    actor,
  ];
}
