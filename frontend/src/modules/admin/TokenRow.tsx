import type { ApiToken } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useMinuteTime } from '../ui/useMinuteTime';
import { districtsText } from './districtsText';

/** One display or API token: what it is, who made it, when it was last used, and revoke. */
export function TokenRow({
  token,
  now,
  busy,
  onRevoke,
}: {
  token: ApiToken;
  now: number;
  busy: boolean;
  onRevoke: () => void;
}) {
  const { t, locale } = useI18n();
  const time = useMinuteTime();
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
  const status = token.revokedAt ? 'revoked' : expired ? 'expired' : 'active';

  return (
    <tr
      data-testid="token-row"
      data-token-id={token.id}
      data-kind={token.kind}
      data-status={status}
    >
      <td>{t(`tokenKind.${token.kind}`)}</td>
      <td className="admin-table__strong">{token.name}</td>
      <td>{t(`role.${token.role}`)}</td>
      <td className="admin-table__scopes">
        {token.scopes.length ? token.scopes.join(' ') : t('admin.none')}
      </td>
      <td className="admin-table__districts">{districtsText(token.districts, locale, t)}</td>
      <td className="admin-table__time">
        {token.createdBy}
        <br />
        {time(token.createdAt)}
      </td>
      <td className="admin-table__time">
        {token.expiresAt ? time(token.expiresAt) : t('admin.tokens.neverExpires')}
      </td>
      <td className="admin-table__time">
        {token.lastSeenAt ? time(token.lastSeenAt) : t('admin.never')}
        {token.lastSeenIp ? (
          <>
            <br />
            <span className="admin-hint">{token.lastSeenIp}</span>
          </>
        ) : null}
      </td>
      <td>
        <span className={`admin-status admin-status--${status === 'active' ? 'on' : 'off'}`}>
          {token.revokedAt
            ? t('admin.tokens.revokedAt', { time: time(token.revokedAt) })
            : expired
              ? t('admin.tokens.expired')
              : t('admin.tokens.active')}
        </span>
      </td>
      <td className="admin-table__actions">
        {token.revokedAt ? null : (
          <ConfirmButton
            className="button button--danger"
            disabled={busy}
            testId="token-revoke"
            confirm={t('admin.tokens.confirmRevoke', { name: token.name })}
            onConfirm={onRevoke}
          >
            {t('admin.tokens.revoke')}
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}
