import type { TranslateFn } from '../i18n/TranslateFn';

/** One schema problem of a row ("lng: (1, 2) is outside Tianjin"), translated when known. */
function issueText(issue: string, t: TranslateFn): string {
  let match: RegExpExecArray | null;
  if ((match = /\((-?[\d.]+), (-?[\d.]+)\) is outside Tianjin/.exec(issue)))
    return t('importReason.outsideCity', { lng: match[1]!, lat: match[2]! });
  if ((match = /kind (\S+) does not belong to domain (\S+)/.exec(issue)))
    return t('importReason.kindDomain', { kind: match[1]!, domain: match[2]! });
  if (/an asset cannot be its own parent/.test(issue)) return t('importReason.ownParent');
  return issue;
}

/**
 * Why the asset import refused a row (the backend's English `reason`), in the console's language
 * where the message is known; unknown ones (and unknown parts) stay as they are.
 */
export function importReasonText(reason: string, t: TranslateFn): string {
  let match: RegExpExecArray | null;
  if (reason === 'empty file') return t('importReason.emptyFile');
  if ((match = /^malformed CSV: (.*)$/.exec(reason)))
    return t('importReason.malformedCsv', { detail: match[1]! });
  if ((match = /^header lacks (.+); expected (.+)$/.exec(reason)))
    return t('importReason.headerLacks', { columns: match[1]!, expected: match[2]! });
  if ((match = /^expected (\d+) fields, found (\d+)$/.exec(reason)))
    return t('importReason.fieldCount', { expected: match[1]!, found: match[2]! });
  if ((match = /^duplicate id (.+) \(first on line (\d+)\)$/.exec(reason)))
    return t('importReason.duplicateId', { id: match[1]!, line: match[2]! });
  if ((match = /^too many (?:rows \(\d+\)|features); import at most (\d+) at a time$/.exec(reason)))
    return t('importReason.tooMany', { max: match[1]! });
  if (reason === 'expected a GeoJSON FeatureCollection')
    return t('importReason.notFeatureCollection');
  if (reason === 'not a GeoJSON Feature') return t('importReason.notFeature');
  if (reason === 'geometry must be a Point [lng, lat]') return t('importReason.notPoint');
  return reason
    .split('; ')
    .map((issue) => issueText(issue, t))
    .join('；');
}
