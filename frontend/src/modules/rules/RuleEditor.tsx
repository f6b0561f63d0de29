import type { Rule, StoredRule } from '@cityops/contracts';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { LabelledInput } from '../ui/LabelledInput';
import { MutationError } from '../ui/MutationError';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useMinuteTime } from '../ui/useMinuteTime';
import { BacktestPanel } from './BacktestPanel';
import { checkRuleText, fieldOf, patchRuleText, ruleText } from './ruleValidation';
import { useArchiveRule, useCreateRule, useSetRuleEnabled, useUpdateRule } from './useRules';

/**
 * One rule: its JSON in a textarea checked live against the contracts' schema, name and enabled
 * as inputs, save (PUT with the version edited, or POST for a new rule), enable/disable, archive,
 * and the backtest panel. `stored` is null for a new rule (`initial` is its template).
 */
export function RuleEditor({
  stored,
  initial,
  canEdit,
  onCreated,
  onArchived,
}: {
  stored: StoredRule | null;
  initial: Rule;
  canEdit: boolean;
  onCreated: (id: string) => void;
  onArchived: () => void;
}) {
  const { t } = useI18n();
  const time = useMinuteTime();
  /** The rule as last loaded or saved here: what "edited" compares with, and the version PUT sends. */
  const [base, setBase] = useState<Rule>(initial);
  const [text, setText] = useState(() => ruleText(initial));
  const [saved, setSaved] = useState<number | null>(null);
  const check = useMemo(() => checkRuleText(text, t), [text, t]);
  const create = useCreateRule();
  const update = useUpdateRule();
  const toggle = useSetRuleEnabled();
  const archive = useArchiveRule();
  const isNew = stored === null;
  const dirty = isNew || text !== ruleText(base);
  const archived = stored?.archived ?? false;
  const name = fieldOf(text, 'name');
  const enabled = fieldOf(text, 'enabled');

  /** After a change made here: the answer becomes the base (and the text, unless edited). */
  const adopt = (answer: StoredRule, keepText: boolean) => {
    setBase(answer.rule);
    setSaved(answer.rule.version);
    if (!keepText) setText(ruleText(answer.rule));
  };

  const save = () => {
    if (!check.rule) return;
    if (isNew) {
      create.mutate(check.rule, { onSuccess: (answer) => onCreated(answer.rule.id) });
      return;
    }
    update.mutate(
      { ...check.rule, id: base.id, version: base.version },
      { onSuccess: (answer) => adopt(answer, false) },
    );
  };

  return (
    <>
      <section className="history-panel admin-form" data-testid="rule-editor" data-id={base.id}>
        <h2 className="history-panel__title">
          {isNew ? t('admin.rules.new') : `${base.name} · v${base.version}`}
        </h2>
        {stored ? (
          <p className="admin-hint">
            {t('admin.rules.lastChange', { by: stored.updatedBy, at: time(stored.updatedAt) })}
            {archived ? ` · ${t('admin.rules.archived')}` : ''}
          </p>
        ) : null}
        {canEdit ? null : <p className="admin-hint">{t('admin.rules.readOnly')}</p>}
        <div className="admin-form__row">
          <LabelledInput
            label={t('admin.rules.name')}
            value={typeof name === 'string' ? name : ''}
            disabled={typeof name !== 'string' && name !== undefined}
            maxLength={200}
            onChange={(event) => {
              const next = patchRuleText(text, { name: event.target.value });
              if (next !== null) setText(next);
            }}
            data-testid="rule-name"
          />
          <label className="admin-check">
            <input
              type="checkbox"
              checked={enabled !== false}
              onChange={(event) => {
                const next = patchRuleText(text, { enabled: event.target.checked });
                if (next !== null) setText(next);
              }}
              data-testid="rule-enabled-field"
            />
            {t('admin.rules.enabledField')}
          </label>
        </div>
        <label className="field">
          <span className="field__label">{t('admin.rules.json')}</span>
          <textarea
            className="field__input rule-json"
            spellCheck={false}
            rows={Math.min(30, Math.max(10, text.split('\n').length + 1))}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={check.problems.length > 0}
            data-testid="rule-json"
          />
        </label>
        {check.problems.length ? (
          <ul className="rule-problems" data-testid="rule-problems">
            {check.problems.map((problem, i) => (
              <li key={i} className="admin-field-error">
                {problem.where ? <code>{problem.where}</code> : null}
                {problem.where ? '：' : ''}
                {problem.message}
              </li>
            ))}
          </ul>
        ) : (
          <p className="admin-hint" data-testid="rule-valid">
            {t('admin.rules.valid')}
            {dirty && !isNew ? ` · ${t('admin.rules.edited')}` : ''}
          </p>
        )}
        {saved !== null ? (
          <p className="admin-hint" role="status" data-testid="rule-saved">
            {t('admin.rules.saved', { version: saved })}
          </p>
        ) : null}
        <MutationError mutation={create} testId="rule-create-error" />
        <MutationError mutation={update} testId="rule-save-error" />
        <MutationError mutation={toggle} testId="rule-toggle-error" />
        <MutationError mutation={archive} testId="rule-archive-error" />
        {canEdit && !archived ? (
          <div className="admin-toolbar">
            <button
              type="button"
              className="button button--primary"
              disabled={!check.rule || !dirty || create.isPending || update.isPending}
              onClick={save}
              data-testid="rule-save"
            >
              {create.isPending || update.isPending
                ? t('admin.saving')
                : isNew
                  ? t('admin.rules.create')
                  : t('admin.save')}
            </button>
            {isNew ? null : (
              <>
                <button
                  type="button"
                  className="button"
                  disabled={toggle.isPending}
                  onClick={() =>
                    toggle.mutate(
                      { id: base.id, enabled: !base.enabled },
                      { onSuccess: (answer) => adopt(answer, dirty) },
                    )
                  }
                  data-testid="rule-toggle"
                >
                  {base.enabled ? t('admin.rules.disable') : t('admin.rules.enable')}
                </button>
                {dirty ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => setText(ruleText(base))}
                    data-testid="rule-revert"
                  >
                    {t('admin.rules.revert')}
                  </button>
                ) : null}
                <ConfirmButton
                  className="button button--danger"
                  disabled={archive.isPending}
                  confirm={t('admin.rules.confirmArchive', { name: base.name })}
                  onConfirm={() => archive.mutate(base.id, { onSuccess: onArchived })}
                  testId="rule-archive"
                >
                  {t('admin.rules.archive')}
                </ConfirmButton>
              </>
            )}
          </div>
        ) : null}
      </section>
      <BacktestPanel
        ruleId={isNew ? null : base.id}
        draft={check.rule}
        useDraft={dirty}
        type={check.rule?.type ?? base.type}
      />
    </>
  );
}
