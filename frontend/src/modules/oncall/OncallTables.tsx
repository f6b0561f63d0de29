import type {
  EscalationPolicy,
  EscalationTarget,
  OncallRoute,
  OncallSchedule,
  OncallTeam,
} from '@cityops/contracts';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import type { TranslateFn } from '../i18n/TranslateFn';
import type { Locale } from '../i18n/Locale';
import { DataTable } from '../ui/DataTable';
import { contactKinds } from './contactKinds';

/** Teams: members (name, account) and how they can be reached (kinds only), their schedules. */
export function TeamTable({
  teams,
  schedules,
}: {
  teams: readonly OncallTeam[];
  schedules: readonly OncallSchedule[];
}) {
  const { t } = useI18n();
  return (
    <DataTable
      testId="oncall-team-table"
      columns={[
        { label: t('admin.oncall.team') },
        { label: t('admin.oncall.members') },
        { label: t('admin.oncall.schedules') },
      ]}
      empty={teams.length === 0 ? t('admin.oncall.noTeams') : null}
    >
      {teams.map((team) => (
        <tr key={team.id} id={`team-${team.id}`} data-testid="oncall-team-row" data-id={team.id}>
          <td className="admin-table__strong">
            {team.name}
            <br />
            <span className="admin-hint">{team.id}</span>
            {team.description ? <div className="admin-hint">{team.description}</div> : null}
          </td>
          <td>
            <ul className="oncall-list">
              {team.members.map((member) => (
                <li key={member.id} data-testid="oncall-team-member" data-id={member.id}>
                  <strong>{member.displayName}</strong>
                  {member.username ? ` (${member.username})` : null}
                  {' · '}
                  <span className="admin-hint">{contactKinds(member.contacts, t)}</span>
                  {member.quietHours.length > 0 ? (
                    <span className="admin-hint">
                      {' · '}
                      {t('admin.oncall.quietHours', {
                        windows: member.quietHours.map((w) => `${w.start}–${w.end}`).join('、'),
                      })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </td>
          <td>
            {schedules
              .filter((schedule) => schedule.teamId === team.id)
              .map((schedule) => (
                <div key={schedule.id}>
                  <a href={`#schedule-${schedule.id}`}>{schedule.name ?? schedule.id}</a>
                </div>
              ))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A route's match as text: every criterion given, "默认路由" for the empty one. */
export function matchText(route: OncallRoute, t: TranslateFn, locale: Locale): string {
  const { domains, districts, severities, assetKinds } = route.match;
  const parts = [
    domains?.map((d) => t(`domain.${d}`)).join('/'),
    districts?.map((d) => districtLabel(d, locale)).join('/'),
    severities?.map((s) => t(`severity.${s}`)).join('/'),
    assetKinds?.join('/'),
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' · ') : t('admin.oncall.defaultRoute');
}

/** Routes by order (the default route last): what they match, which team, which policy. */
export function RouteTable({
  routes,
  teams,
  policies,
}: {
  routes: readonly OncallRoute[];
  teams: readonly OncallTeam[];
  policies: readonly EscalationPolicy[];
}) {
  const { t, locale } = useI18n();
  return (
    <DataTable
      testId="oncall-route-table"
      columns={[
        { label: t('admin.oncall.order') },
        { label: t('admin.oncall.match') },
        { label: t('admin.oncall.team') },
        { label: t('admin.oncall.policy') },
      ]}
      empty={routes.length === 0 ? t('admin.oncall.noRoutes') : null}
    >
      {routes.map((route) => {
        const policy = policies.find((p) => p.routeIds.includes(route.id));
        return (
          <tr
            key={route.id}
            id={`route-${route.id}`}
            data-testid="oncall-route-row"
            data-id={route.id}
          >
            <td>{route.isDefault ? t('admin.oncall.defaultRoute') : route.order}</td>
            <td className="admin-table__strong">
              {matchText(route, t, locale)}
              <br />
              <span className="admin-hint">{route.id}</span>
            </td>
            <td>
              <a href={`#team-${route.teamId}`}>
                {teams.find((team) => team.id === route.teamId)?.name ?? route.teamId}
              </a>
            </td>
            <td>{policy ? <a href={`#policy-${policy.id}`}>{policy.name}</a> : '—'}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function targetText(
  target: EscalationTarget,
  t: TranslateFn,
  schedules: readonly OncallSchedule[],
  memberName: (id: string) => string,
) {
  switch (target.kind) {
    case 'oncall':
      return <span key="oncall">{t('admin.oncall.targetOncall')}</span>;
    case 'schedule':
      return (
        <a key={`s-${target.scheduleId}`} href={`#schedule-${target.scheduleId}`}>
          {schedules.find((s) => s.id === target.scheduleId)?.name ?? target.scheduleId}
        </a>
      );
    case 'member':
      return <span key={`m-${target.memberId}`}>{memberName(target.memberId)}</span>;
  }
}

/** Escalation policies: steps (after how long, whom), rounds, and the routes and teams they take. */
export function PolicyTable({
  policies,
  teams,
  schedules,
  routes,
}: {
  policies: readonly EscalationPolicy[];
  teams: readonly OncallTeam[];
  schedules: readonly OncallSchedule[];
  routes: readonly OncallRoute[];
}) {
  const { t, locale } = useI18n();
  const memberName = (id: string) =>
    teams.flatMap((team) => team.members).find((m) => m.id === id)?.displayName ?? id;
  return (
    <DataTable
      testId="oncall-policy-table"
      columns={[
        { label: t('admin.oncall.policy') },
        { label: t('admin.oncall.steps') },
        { label: t('admin.oncall.repeat') },
        { label: t('admin.oncall.appliesTo') },
      ]}
      empty={policies.length === 0 ? t('admin.oncall.noPolicies') : null}
    >
      {policies.map((policy) => (
        <tr
          key={policy.id}
          id={`policy-${policy.id}`}
          data-testid="oncall-policy-row"
          data-id={policy.id}
        >
          <td className="admin-table__strong">
            {policy.name}
            <br />
            <span className="admin-hint">{policy.id}</span>
          </td>
          <td>
            <ol className="oncall-list">
              {policy.steps.map((step, i) => (
                <li key={i}>
                  {t('admin.oncall.stepAfter', { minutes: step.afterMinutes })}{' '}
                  {step.notify.map((target, k) => (
                    <span key={k}>
                      {k > 0 ? '、' : null}
                      {targetText(target, t, schedules, memberName)}
                    </span>
                  ))}
                </li>
              ))}
            </ol>
          </td>
          <td>
            {policy.repeat > 0
              ? t('admin.oncall.repeatText', {
                  repeat: policy.repeat,
                  minutes: policy.repeatAfterMinutes,
                })
              : t('admin.oncall.noRepeat')}
          </td>
          <td>
            {policy.isDefault ? <div>{t('admin.oncall.defaultPolicy')}</div> : null}
            {policy.routeIds.map((id) => {
              const route = routes.find((r) => r.id === id);
              return (
                <div key={`r-${id}`}>
                  {t('admin.oncall.route')}{' '}
                  <a href={`#route-${id}`}>{route ? matchText(route, t, locale) : id}</a>
                </div>
              );
            })}
            {policy.teamIds.map((id) => (
              <div key={`t-${id}`}>
                {t('admin.oncall.team')}{' '}
                <a href={`#team-${id}`}>{teams.find((team) => team.id === id)?.name ?? id}</a>
              </div>
            ))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
