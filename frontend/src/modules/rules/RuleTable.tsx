import { isAssetRule, type StoredRule } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { useMinuteTime } from '../ui/useMinuteTime';

/** The rules: name, kind, domain, what they watch, enabled, version, last change; "open" each. */
export function RuleTable({
  rules,
  selected,
  onOpen,
}: {
  rules: readonly StoredRule[];
  selected: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const time = useMinuteTime();
  return (
    <DataTable
      testId="rule-table"
      columns={[
        { label: t('admin.rules.name') },
        { label: t('admin.rules.type') },
        { label: t('admin.rules.domain') },
        { label: t('admin.rules.watches') },
        { label: t('admin.rules.enabled') },
        { label: t('admin.rules.version') },
        { label: t('admin.rules.updated') },
        { label: t('admin.users.actions') },
      ]}
      empty={rules.length === 0 ? t('admin.rules.empty') : null}
    >
      {rules.map(({ rule, archived, updatedBy, updatedAt }) => (
        <tr
          key={rule.id}
          data-testid="rule-row"
          data-id={rule.id}
          aria-selected={selected === rule.id}
          className={selected === rule.id ? 'admin-table__selected' : undefined}
        >
          <td className="admin-table__strong">
            {rule.name}
            <br />
            <span className="admin-hint">{rule.id}</span>
          </td>
          <td>{t(`admin.rules.kind.${rule.type}`)}</td>
          <td>{t(`domain.${rule.domain}`)}</td>
          <td>{isAssetRule(rule) ? rule.assetKinds.join(', ') : rule.categories.join(', ')}</td>
          <td>
            <span
              className={`admin-status admin-status--${rule.enabled && !archived ? 'on' : 'off'}`}
            >
              {archived
                ? t('admin.rules.archived')
                : rule.enabled
                  ? t('admin.rules.on')
                  : t('admin.rules.off')}
            </span>
          </td>
          <td>v{rule.version}</td>
          <td className="admin-table__time">
            {updatedBy}
            <br />
            {time(updatedAt)}
          </td>
          <td className="admin-table__actions">
            <button
              type="button"
              className="button"
              onClick={() => onOpen(rule.id)}
              data-testid="rule-open"
            >
              {t('admin.rules.open')}
            </button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
