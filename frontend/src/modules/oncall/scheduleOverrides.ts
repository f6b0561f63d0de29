import type { OncallSchedule, OncallScheduleUpdate, ScheduleOverride } from '@cityops/contracts';

/**
 * The PUT body of a schedule as read: the whole schedule without its id and bookkeeping (PUT
 * /api/oncall/schedules/:id takes every field; unknown ones are refused).
 */
export function scheduleUpdateBody(
  schedule: OncallSchedule,
  overrides: readonly ScheduleOverride[] = schedule.overrides,
): OncallScheduleUpdate {
  return {
    teamId: schedule.teamId,
    ...(schedule.name !== null ? { name: schedule.name } : {}),
    timeZone: schedule.timeZone,
    layers: schedule.layers,
    overrides: [...overrides],
  };
}

/** Whether two overrides are the same one (same member and window, whatever the ISO spelling). */
export function sameOverride(a: ScheduleOverride, b: ScheduleOverride): boolean {
  return (
    a.memberId === b.memberId &&
    Date.parse(a.from) === Date.parse(b.from) &&
    Date.parse(a.to) === Date.parse(b.to)
  );
}

/** The PUT body with one more override, the overrides in order of their start. */
export function withOverride(
  schedule: OncallSchedule,
  override: ScheduleOverride,
): OncallScheduleUpdate {
  const overrides = [...schedule.overrides, override].sort(
    (a, b) => Date.parse(a.from) - Date.parse(b.from),
  );
  return scheduleUpdateBody(schedule, overrides);
}

/** The PUT body without the given override; null when the schedule no longer has it. */
export function withoutOverride(
  schedule: OncallSchedule,
  override: ScheduleOverride,
): OncallScheduleUpdate | null {
  const index = schedule.overrides.findIndex((o) => sameOverride(o, override));
  if (index < 0) return null;
  return scheduleUpdateBody(
    schedule,
    schedule.overrides.filter((_, i) => i !== index),
  );
}
