import type { MemberContact } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';

/**
 * A member's contacts as the kinds of channel only ("短信、企业微信"): the page never shows phone
 * numbers, addresses or webhook targets, whatever the API answers.
 */
export function contactKinds(contacts: readonly MemberContact[], t: TranslateFn): string {
  if (contacts.length === 0) return t('admin.oncall.noContacts');
  const kinds = [...new Set(contacts.map((contact) => contact.kind))];
  return kinds.map((kind) => t(`admin.oncall.channel.${kind}`)).join('、');
}
