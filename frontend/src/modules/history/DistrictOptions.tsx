import { DISTRICTS } from '@cityops/contracts';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';

/** One <option> per Tianjin district, labelled in the console's language. */
export function DistrictOptions() {
  const { locale } = useI18n();
  return DISTRICTS.map((district) => (
    <option key={district.code} value={district.code}>
      {districtLabel(district.code, locale)}
    </option>
  ));
}
