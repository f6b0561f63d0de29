import { RULE_TYPES, type RuleType } from '@cityops/contracts';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { canUse } from '../../modules/auth/canUse';
import { useSession } from '../../modules/auth/useSession';
import { useI18n } from '../../modules/i18n/useI18n';
import { RuleEditor } from '../../modules/rules/RuleEditor';
import { RuleTable } from '../../modules/rules/RuleTable';
import { RULE_TEMPLATE_TYPES, ruleTemplate } from '../../modules/rules/ruleTemplates';
import { useRule, useRules } from '../../modules/rules/useRules';
import { ChoiceSelect } from '../../modules/ui/ChoiceSelect';
import '../../modules/incidents/incidents.css';
import '../../modules/rules/rules.css';
import '../history/history.css';
import './admin.css';

function newType(params: URLSearchParams): RuleType | null {
  const type = params.get('new');
  return (RULE_TYPES as readonly string[]).includes(type ?? '') ? (type as RuleType) : null;
}

/**
 * /admin/rules: the rule list (archived ones on demand), one rule's editor (`?rule=<id>`) or a new
 * rule from a kind's template (`?new=<type>`), and the backtest panel. Admins edit; supervisors
 * read and backtest.
 */
export function RulesPage() {
  const { t } = useI18n();
  const current = useSession();
  const canEdit = current ? canUse(current.user.role, 'ruleEdit') : false;
  const [params, setParams] = useSearchParams();
  const archived = params.get('archived') === 'true';
  const selected = params.get('rule');
  const creating = selected ? null : newType(params);
  const [templateType, setTemplateType] = useState<RuleType>('threshold');
  const rules = useRules(archived);
  const detail = useRule(selected);
  const items = rules.data?.items ?? [];

  const go = (next: Record<string, string>) =>
    setParams({ ...(archived ? { archived: 'true' } : {}), ...next });

  return (
    <AdminLayout
      title={t('admin.rules.title')}
      meta={rules.data ? t('admin.rules.count', { count: items.length }) : undefined}
      testId="admin-rules"
    >
      <section className="history-panel">
        <div className="admin-toolbar">
          <label className="admin-check">
            <input
              type="checkbox"
              checked={archived}
              onChange={(event) =>
                setParams({
                  ...(event.target.checked ? { archived: 'true' } : {}),
                  ...(selected ? { rule: selected } : {}),
                })
              }
              data-testid="rule-show-archived"
            />
            {t('admin.rules.showArchived')}
          </label>
          {canEdit ? (
            <>
              <ChoiceSelect
                values={RULE_TEMPLATE_TYPES}
                value={templateType}
                text={(type) => t(`admin.rules.kind.${type}`)}
                onChange={setTemplateType}
                testId="rule-new-type"
                ariaLabel={t('admin.rules.type')}
              />
              <button
                type="button"
                className="button"
                onClick={() => go({ new: templateType })}
                data-testid="rule-new"
              >
                {t('admin.rules.new')}
              </button>
            </>
          ) : null}
        </div>
        <AdminQueryState query={rules} />
        {rules.data ? (
          <RuleTable rules={items} selected={selected} onOpen={(id) => go({ rule: id })} />
        ) : null}
      </section>
      {selected ? (
        <>
          <AdminQueryState query={detail} />
          {detail.data ? (
            <RuleEditor
              key={`${detail.data.rule.id}`}
              stored={detail.data}
              initial={detail.data.rule}
              canEdit={canEdit}
              onCreated={(id) => go({ rule: id })}
              onArchived={() => go({})}
            />
          ) : null}
        </>
      ) : creating && canEdit ? (
        <RuleEditor
          key={`new-${creating}`}
          stored={null}
          initial={ruleTemplate(creating)}
          canEdit
          onCreated={(id) => go({ rule: id })}
          onArchived={() => go({})}
        />
      ) : null}
    </AdminLayout>
  );
}
