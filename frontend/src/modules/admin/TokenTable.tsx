import type { ApiToken } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { useNow } from '../ui/useNow';
import { TokenRow } from './TokenRow';

/** Every display and API token, revoked ones included. */
export function TokenTable({
  tokens,
  busyId,
  onRevoke,
}: {
  tokens: readonly ApiToken[];
  busyId: string | null;
  onRevoke: (id: string) => void;
}) {
  const { t } = useI18n();
  const now = useNow(60_000);
  return (
    <div className="history-table__scroll">
      <table className="history-table admin-table" data-testid="token-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.tokens.kind')}</th>
            <th scope="col">{t('admin.tokens.name')}</th>
            <th scope="col">{t('admin.tokens.role')}</th>
            <th scope="col">{t('admin.tokens.scopes')}</th>
            <th scope="col">{t('admin.tokens.districts')}</th>
            <th scope="col">{t('admin.tokens.createdBy')}</th>
            <th scope="col">{t('admin.tokens.expires')}</th>
            <th scope="col">{t('admin.tokens.lastSeen')}</th>
            <th scope="col">{t('admin.tokens.status')}</th>
            <th scope="col">{t('admin.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <TokenRow
              key={token.id}
              token={token}
              now={now}
              busy={busyId === token.id}
              onRevoke={() => onRevoke(token.id)}
            />
          ))}
        </tbody>
      </table>
      {tokens.length === 0 ? (
        <p className="history-panel__note">{t('admin.tokens.empty')}</p>
      ) : null}
    </div>
  );
}
