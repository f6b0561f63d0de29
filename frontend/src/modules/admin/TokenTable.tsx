import type { ApiToken } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
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
    <DataTable
      testId="token-table"
      columns={[
        { label: t('admin.tokens.kind') },
        { label: t('admin.tokens.name') },
        { label: t('admin.tokens.role') },
        { label: t('admin.tokens.scopes') },
        { label: t('admin.tokens.districts') },
        { label: t('admin.tokens.createdBy') },
        { label: t('admin.tokens.expires') },
        { label: t('admin.tokens.lastSeen') },
        { label: t('admin.tokens.status') },
        { label: t('admin.users.actions') },
      ]}
      empty={tokens.length === 0 ? t('admin.tokens.empty') : null}
    >
      {tokens.map((token) => (
        <TokenRow
          key={token.id}
          token={token}
          now={now}
          busy={busyId === token.id}
          onRevoke={() => onRevoke(token.id)}
        />
      ))}
    </DataTable>
  );
}
