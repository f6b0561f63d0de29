import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { canUse } from '../../modules/auth/canUse';
import { useSession } from '../../modules/auth/useSession';
import { useI18n } from '../../modules/i18n/useI18n';
import { useTimeZone } from '../../modules/i18n/useTimeZone';
import { NowPanel } from '../../modules/oncall/NowPanel';
import { PolicyTable, RouteTable, TeamTable } from '../../modules/oncall/OncallTables';
import { ScheduleCard } from '../../modules/oncall/ScheduleCard';
import { stripWindow } from '../../modules/oncall/shiftStrip';
import {
  useEscalationPolicies,
  useOncallNow,
  useOncallRoutes,
  useOncallSchedules,
  useOncallTeams,
} from '../../modules/oncall/useOncall';
import { useNow } from '../../modules/ui/useNow';
import '../history/history.css';
import './admin.css';
import '../../modules/oncall/oncall.css';

/**
 * /admin/oncall: who is on call now per team, each schedule's two-week strip with its overrides
 * (admins add and remove them), and the teams, routes and escalation policies, read-only.
 */
export function OncallPage() {
  const { t } = useI18n();
  const current = useSession();
  const timeZone = useTimeZone();
  const canEdit = current ? canUse(current.user.role, 'oncallEdit') : false;
  const nowMs = useNow(60_000);
  const window = stripWindow(nowMs, timeZone);
  const now = useOncallNow();
  const teams = useOncallTeams();
  const schedules = useOncallSchedules();
  const routes = useOncallRoutes();
  const policies = useEscalationPolicies();
  const teamList = teams.data?.items ?? [];
  const scheduleList = schedules.data?.items ?? [];
  const routeList = routes.data?.items ?? [];
  const policyList = policies.data?.items ?? [];

  return (
    <AdminLayout
      title={t('admin.oncall.title')}
      meta={schedules.data ? t('admin.oncall.count', { count: scheduleList.length }) : undefined}
      testId="admin-oncall"
    >
      <section className="history-panel">
        <h2 className="history-panel__title">{t('admin.oncall.now')}</h2>
        <AdminQueryState query={now} />
        {now.data ? <NowPanel now={now.data} /> : null}
      </section>
      <AdminQueryState query={schedules} />
      {scheduleList.map((schedule) => (
        <ScheduleCard
          key={schedule.id}
          schedule={schedule}
          team={teamList.find((team) => team.id === schedule.teamId)}
          window={window}
          canEdit={canEdit}
        />
      ))}
      <section className="history-panel">
        <h2 className="history-panel__title">{t('admin.oncall.teams')}</h2>
        <AdminQueryState query={teams} />
        {teams.data ? <TeamTable teams={teamList} schedules={scheduleList} /> : null}
      </section>
      <section className="history-panel">
        <h2 className="history-panel__title">{t('admin.oncall.routes')}</h2>
        <AdminQueryState query={routes} />
        {routes.data ? (
          <RouteTable routes={routeList} teams={teamList} policies={policyList} />
        ) : null}
      </section>
      <section className="history-panel">
        <h2 className="history-panel__title">{t('admin.oncall.policies')}</h2>
        <AdminQueryState query={policies} />
        {policies.data ? (
          <PolicyTable
            policies={policyList}
            teams={teamList}
            schedules={scheduleList}
            routes={routeList}
          />
        ) : null}
      </section>
    </AdminLayout>
  );
}
