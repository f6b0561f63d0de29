import type { OncallSchedule, OncallTeam } from '@cityops/contracts';
import { AdminQueryState } from '../admin/AdminQueryState';
import { useI18n } from '../i18n/useI18n';
import { ConfirmButton } from '../ui/ConfirmButton';
import { DataTable } from '../ui/DataTable';
import { MutationError } from '../ui/MutationError';
import { useMinuteTime } from '../ui/useMinuteTime';
import { AddOverrideForm } from './AddOverrideForm';
import { ShiftStrip } from './ShiftStrip';
import type { StripWindow } from './shiftStrip';
import { useScheduleSpans } from './useOncall';
import { useRemoveOverride } from './useOverrideMutations';

/** One schedule: its two-week strip, its overrides (remove) and, for editors, the add form. */
export function ScheduleCard({
  schedule,
  team,
  window,
  canEdit,
}: {
  schedule: OncallSchedule;
  team: OncallTeam | undefined;
  window: StripWindow;
  canEdit: boolean;
}) {
  const { t } = useI18n();
  const time = useMinuteTime();
  const from = new Date(window.from).toISOString();
  const to = new Date(window.to).toISOString();
  const spans = useScheduleSpans(schedule.id, from, to);
  const remove = useRemoveOverride(schedule.id);
  const members = team?.members ?? [];
  const memberIds = members.map((m) => m.id);
  const memberName = (id: string) => members.find((m) => m.id === id)?.displayName ?? id;

  return (
    <section
      className="history-panel oncall-schedule"
      id={`schedule-${schedule.id}`}
      data-testid="oncall-schedule"
      data-id={schedule.id}
    >
      <h2 className="history-panel__title">
        {schedule.name ?? schedule.id}{' '}
        <span className="admin-hint">
          {t('admin.oncall.scheduleMeta', { id: schedule.id, zone: schedule.timeZone })} ·{' '}
          <a href={`#team-${schedule.teamId}`}>{team?.name ?? schedule.teamId}</a>
        </span>
      </h2>
      <AdminQueryState query={spans} />
      {spans.data ? (
        <ShiftStrip
          spans={spans.data.items}
          window={window}
          layerNames={schedule.layers.map((layer) => layer.name)}
          memberIds={memberIds}
          memberName={memberName}
        />
      ) : null}
      <h3 className="oncall-subtitle">{t('admin.oncall.overrides')}</h3>
      <MutationError mutation={remove} testId="oncall-override-remove-error" />
      <DataTable
        testId="oncall-override-table"
        columns={[
          { label: t('admin.oncall.member') },
          { label: t('admin.oncall.window') },
          { label: t('admin.oncall.reason') },
          ...(canEdit ? [{ label: t('admin.users.actions') }] : []),
        ]}
        empty={schedule.overrides.length === 0 ? t('admin.oncall.noOverrides') : null}
      >
        {schedule.overrides.map((override) => (
          <tr
            key={`${override.memberId}-${override.from}`}
            data-testid="oncall-override-row"
            data-member={override.memberId}
          >
            <td className="admin-table__strong">{memberName(override.memberId)}</td>
            <td className="admin-table__time">
              {time(override.from)}
              <br />
              {time(override.to)}
            </td>
            <td>{override.reason}</td>
            {canEdit ? (
              <td className="admin-table__actions">
                <ConfirmButton
                  className="button button--danger"
                  disabled={remove.isPending}
                  testId="oncall-override-remove"
                  confirm={t('admin.oncall.confirmRemove')}
                  onConfirm={() => remove.mutate(override)}
                >
                  {t('admin.oncall.remove')}
                </ConfirmButton>
              </td>
            ) : null}
          </tr>
        ))}
      </DataTable>
      {canEdit ? <AddOverrideForm schedule={schedule} members={members} /> : null}
    </section>
  );
}
