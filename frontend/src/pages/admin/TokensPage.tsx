import type { CreatedToken } from '@cityops/contracts';
import { useState } from 'react';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { CreateTokenForm } from '../../modules/admin/CreateTokenForm';
import { SecretNotice } from '../../modules/admin/SecretNotice';
import { SecretOnce } from '../../modules/admin/SecretOnce';
import { TokenTable } from '../../modules/admin/TokenTable';
import { useRevokeToken } from '../../modules/admin/useRevokeToken';
import { useTokens } from '../../modules/admin/useTokens';
import { wallLink } from '../../modules/admin/wallLink';
import { useI18n } from '../../modules/i18n/useI18n';
import { MutationError } from '../../modules/ui/MutationError';
import '../history/history.css';
import './admin.css';

/** /admin/tokens: display and API tokens; create one (its secret shown once, with the wall link), revoke. */
export function TokensPage() {
  const { t } = useI18n();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const items = tokens.data?.items ?? [];

  return (
    <AdminLayout
      title={t('admin.tokens.title')}
      meta={tokens.data ? t('admin.tokens.count', { count: items.length }) : undefined}
      testId="admin-tokens"
    >
      {created ? (
        <SecretNotice
          title={t('admin.tokens.secret', { name: created.item.name })}
          onDismiss={() => setCreated(null)}
        >
          <SecretOnce
            label={t(`tokenKind.${created.item.kind}`)}
            value={created.token}
            testId="token-secret"
          />
          {created.item.kind === 'display' ? (
            <SecretOnce
              label={t('admin.tokens.wallLink')}
              value={wallLink(window.location.origin, created.token)}
              testId="wall-link"
            />
          ) : null}
        </SecretNotice>
      ) : null}
      <CreateTokenForm onCreated={setCreated} />
      <section className="history-panel">
        <MutationError mutation={revoke} testId="token-revoke-error" />
        <AdminQueryState query={tokens} />
        {tokens.data ? (
          <TokenTable
            tokens={items}
            busyId={revoke.isPending ? revoke.variables : null}
            onRevoke={(id) => revoke.mutate(id)}
          />
        ) : null}
      </section>
    </AdminLayout>
  );
}
