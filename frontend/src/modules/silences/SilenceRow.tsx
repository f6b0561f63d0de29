import type { Silence } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useMinuteTime } from '../ui/useMinuteTime';
import { matchersText } from './matchersText';

/** One silence: what it matches, its window, why and by whom, its state, and "end now". */
export function SilenceRow({
  silence,
  busy,
  onExpire,
}: {
  silence: Silence;
  busy: boolean;
  onExpire: () => void;
}) {
  const { t, locale } = useI18n();
  const time = useMinuteTime();
  return (
    <tr data-testid="silence-row" data-id={silence.id} data-state={silence.state}>
      <td className="admin-table__strong">{matchersText(silence.matchers, locale, t)}</td>
      <td className="admin-table__time">
        {time(silence.startsAt)}
        <br />
        {time(silence.endsAt)}
      </td>
      <td>{silence.reason}</td>
      <td className="admin-table__time">
        {silence.createdBy}
        <br />
        {time(silence.createdAt)}
      </td>
      <td>
        <span
          className={`admin-status admin-status--${silence.state === 'expired' ? 'off' : 'on'}`}
        >
          {t(`silenceState.${silence.state}`)}
        </span>
      </td>
      <td className="admin-table__actions">
        {silence.state === 'expired' ? null : (
          <ConfirmButton
            className="button button--danger"
            disabled={busy}
            testId="silence-expire"
            confirm={t('admin.silences.confirmExpire')}
            onConfirm={onExpire}
          >
            {t('admin.silences.expire')}
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}
