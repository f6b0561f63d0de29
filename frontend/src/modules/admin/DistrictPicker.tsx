import { DISTRICT_CODES, type DistrictCode } from '@cityops/contracts';
import { ToggleChips } from '../history/ToggleChips';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';

/** Pick any districts (none: the whole city), as chips named in the console's language. */
export function DistrictPicker({
  selected,
  onChange,
  testIdPrefix,
}: {
  selected: readonly DistrictCode[];
  onChange: (next: DistrictCode[]) => void;
  testIdPrefix: string;
}) {
  const { t, locale } = useI18n();
  return (
    <fieldset className="admin-fieldset">
      <legend className="field__label">
        {t('admin.users.districts')} <span className="admin-hint">{t('admin.districtsHint')}</span>
      </legend>
      <ToggleChips
        values={DISTRICT_CODES}
        selected={selected}
        text={(code) => districtLabel(code, locale) ?? code}
        testIdPrefix={testIdPrefix}
        onChange={onChange}
      />
    </fieldset>
  );
}
