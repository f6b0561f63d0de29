import { API_TOKEN_RESOURCES } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';

const ACCESS = ['read', 'write'] as const;

/** An API token's scopes as checkboxes, one row per resource: read (GET) and write (the rest). */
export function ScopePicker({
  selected,
  onChange,
  error,
}: {
  selected: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const toggle = (scope: string) =>
    onChange(selected.includes(scope) ? selected.filter((s) => s !== scope) : [...selected, scope]);
  return (
    <fieldset className="admin-fieldset">
      <legend className="field__label">{t('admin.tokens.scopes')}</legend>
      <div className="admin-scopes">
        {API_TOKEN_RESOURCES.map((resource) => (
          <div key={resource} className="admin-scopes__row" role="group" aria-label={resource}>
            <span className="admin-scopes__resource">{t(`resource.${resource}`)}</span>
            {ACCESS.map((access) => {
              const scope = `${resource}:${access}`;
              return (
                <label key={scope} className="admin-check">
                  <input
                    type="checkbox"
                    checked={selected.includes(scope)}
                    onChange={() => toggle(scope)}
                    data-testid={`token-scope-${resource}-${access}`}
                  />
                  {t(`scope.${access}`)}
                </label>
              );
            })}
          </div>
        ))}
      </div>
      {error ? <p className="admin-field-error">{error}</p> : null}
    </fieldset>
  );
}
