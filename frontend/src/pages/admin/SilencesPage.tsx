import { SILENCE_STATES } from '@cityops/contracts';
import { useSearchParams } from 'react-router';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { useSession } from '../../modules/auth/useSession';
import { ToggleChips } from '../../modules/history/ToggleChips';
import { useI18n } from '../../modules/i18n/useI18n';
import { CreateSilenceForm } from '../../modules/silences/CreateSilenceForm';
import { SilenceTable } from '../../modules/silences/SilenceTable';
import { parseSilenceStates, serializeSilenceStates } from '../../modules/silences/silenceStates';
import { useExpireSilence } from '../../modules/silences/useExpireSilence';
import { useSilences } from '../../modules/silences/useSilences';
import { MutationError } from '../../modules/ui/MutationError';
import '../history/history.css';
import './admin.css';

/** /admin/silences: maintenance windows by state (kept in the URL), create one, end one now. */
export function SilencesPage() {
  const { t } = useI18n();
  const current = useSession();
  const [params, setParams] = useSearchParams();
  const states = parseSilenceStates(params);
  const silences = useSilences(states);
  const expire = useExpireSilence();
  const items = silences.data?.items ?? [];

  return (
    <AdminLayout
      title={t('admin.silences.title')}
      meta={silences.data ? t('admin.silences.count', { count: items.length }) : undefined}
      testId="admin-silences"
    >
      <CreateSilenceForm role={current?.user.role ?? 'operator'} />
      <section className="history-panel">
        <div className="admin-toolbar">
          <span className="field__label">{t('admin.silences.state')}</span>
          <ToggleChips
            values={SILENCE_STATES}
            selected={states}
            text={(state) => t(`silenceState.${state}`)}
            testIdPrefix="silence-state"
            onChange={(next) => setParams(serializeSilenceStates(next))}
          />
        </div>
        <MutationError mutation={expire} testId="silence-expire-error" />
        <AdminQueryState query={silences} />
        {silences.data ? (
          <SilenceTable
            silences={items}
            busyId={expire.isPending ? expire.variables : null}
            onExpire={(id) => expire.mutate(id)}
          />
        ) : null}
      </section>
    </AdminLayout>
  );
}
