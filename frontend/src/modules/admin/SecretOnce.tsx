import { useRef, useState } from 'react';
import { useI18n } from '../i18n/useI18n';

/**
 * A secret shown once (a generated password, a token, a wall link): read-only, selectable, with a
 * copy button; the caller hides it when dismissed.
 */
export function SecretOnce({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  /** data-testid of the value; the copy button is `${testId}-copy`. */
  testId: string;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      input.current?.select();
      setCopied('failed');
      return;
    }
    clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => {
        input.current?.select();
        setCopied('failed');
      },
    );
  };
  return (
    <div className="admin-secret">
      <span className="field__label">{label}</span>
      <div className="admin-secret__row">
        <input
          ref={input}
          className="field__input admin-secret__value"
          readOnly
          value={value}
          onFocus={(event) => event.target.select()}
          data-testid={testId}
        />
        <button type="button" className="button" onClick={copy} data-testid={`${testId}-copy`}>
          {copied === 'yes' ? t('admin.copied') : t('admin.copy')}
        </button>
      </div>
      {copied === 'failed' ? <p className="admin-hint">{t('admin.copyFailed')}</p> : null}
    </div>
  );
}
