import { QUIET_SEVERITIES, type OncallNow } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { useMinuteTime } from '../ui/useMinuteTime';
import { contactKinds } from './contactKinds';

/** "Who is on call now": per team, one line per schedule with someone on call. */
export function NowPanel({ now }: { now: OncallNow }) {
  const { t } = useI18n();
  const time = useMinuteTime();
  return (
    <div className="oncall-now" data-testid="oncall-now">
      {now.teams.length === 0 ? (
        <p className="history-panel__note">{t('admin.oncall.noTeams')}</p>
      ) : null}
      {now.teams.map(({ team, oncall }) => (
        <div
          key={team.id}
          className="oncall-now__team"
          data-testid="oncall-now-team"
          data-id={team.id}
        >
          <a className="oncall-now__team-name" href={`#team-${team.id}`}>
            {team.name}
          </a>
          {oncall.length === 0 ? (
            <p className="history-panel__note">{t('admin.oncall.nobody')}</p>
          ) : null}
          {oncall.map((shift) => (
            <div
              key={shift.scheduleId}
              className="oncall-now__shift"
              data-testid="oncall-now-shift"
              data-schedule={shift.scheduleId}
              data-member={shift.member.id}
              data-source={shift.source.kind}
            >
              <a className="oncall-now__schedule" href={`#schedule-${shift.scheduleId}`}>
                {shift.scheduleName ?? shift.scheduleId}
              </a>
              <strong className="oncall-now__member">{shift.member.displayName}</strong>
              <span className="admin-table__time">
                {t('admin.oncall.sinceUntil', {
                  since: time(shift.since),
                  until: shift.until ? time(shift.until) : t('admin.oncall.openEnded'),
                })}
              </span>
              <span className="oncall-now__source">
                {shift.source.kind === 'layer'
                  ? t('admin.oncall.sourceLayer', { layer: shift.source.layer })
                  : t('admin.oncall.sourceOverride', { reason: shift.source.reason })}
              </span>
              <span className="admin-hint">{contactKinds(shift.member.contacts, t)}</span>
              {QUIET_SEVERITIES.map((severity) => {
                const until = shift.quietUntil[severity];
                return until ? (
                  <span key={severity} className="oncall-now__quiet" data-testid="oncall-now-quiet">
                    {t('admin.oncall.quietUntil', {
                      severity: t(`severity.${severity}`),
                      until: time(until),
                    })}
                  </span>
                ) : null;
              })}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
