import { passwordProblemText, type PasswordProblemCode } from '../auth/passwordProblemText';
import type { TranslateFn } from '../i18n/TranslateFn';

/** The English problem phrases of contracts' `passwordProblems`, back to their codes. */
const PASSWORD_PHRASES: readonly [RegExp, PasswordProblemCode][] = [
  [/at least/, 'too_short'],
  [/at most/, 'too_long'],
  [/username/, 'contains_username'],
  [/repeat/, 'one_character'],
];

function passwordRefusal(problems: string, t: TranslateFn): string {
  const texts = problems.split(';').map((phrase) => {
    const known = PASSWORD_PHRASES.find(([pattern]) => pattern.test(phrase));
    return known ? passwordProblemText(known[1], t) : phrase.trim();
  });
  return t('apiMessage.passwordRefused', { problems: texts.join('；') });
}

/**
 * The backend's own (English) error messages that the console knows, in the console's language;
 * null for any other message (shown as it is).
 */
export function apiMessage(message: string, t: TranslateFn): string | null {
  let match: RegExpExecArray | null;
  if (message === 'The current password is wrong') return t('apiMessage.currentPasswordWrong');
  if ((match = /^The (?:new )?password (must .*)$/.exec(message)))
    return passwordRefusal(match[1]!, t);
  if ((match = /^User (.+) already exists$/.exec(message)))
    return t('apiMessage.userExists', { username: match[1]! });
  if ((match = /^No user (.+)$/.exec(message)))
    return t('apiMessage.noUser', { username: match[1]! });
  if (/^No token /.test(message)) return t('apiMessage.noToken');
  if (message === 'An admin cannot disable or demote their own account')
    return t('apiMessage.selfDemote');
  if (message === 'Password change required') return t('apiMessage.passwordChangeRequired');
  if (message.startsWith('Too many failed sign-ins')) return t('apiMessage.throttled');
  if (message === 'Only a signed-in person can change a password')
    return t('apiMessage.notAPerson');
  return null;
}
