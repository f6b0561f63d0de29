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

/** One problem of a 400 ("endsAt: endsAt must be after startsAt") in the console's language, if known. */
function detailText(detail: string, t: TranslateFn): string | null {
  let match: RegExpExecArray | null;
  if (/endsAt must be after startsAt/.test(detail)) return t('validation.silence.endBeforeStart');
  if ((match = /a silence lasts at most (\d+) days/.exec(detail)))
    return t('validation.silence.tooLong', { days: match[1]! });
  if (/give at least one matcher/.test(detail)) return t('validation.silence.matcherRequired');
  if (/^reason: reason is required/.test(detail)) return t('validation.silence.reasonRequired');
  return null;
}

/**
 * The backend's own (English) error messages that the console knows, in the console's language;
 * null for any other message (shown as it is).
 */
export function apiMessage(
  message: string,
  t: TranslateFn,
  details: readonly string[] = [],
): string | null {
  let match: RegExpExecArray | null;
  if (message === 'Invalid request' && details.length)
    return t('apiMessage.invalidRequest', {
      problems: details.map((detail) => detailText(detail, t) ?? detail).join('；'),
    });
  if (message === 'Request body too large') {
    const limit = details
      .map((d) => /the limit for this request is (.+)$/.exec(d)?.[1])
      .find(Boolean);
    return limit ? t('apiMessage.tooLarge', { limit }) : t('apiMessage.tooLargeNoLimit');
  }
  if ((match = /^Operators may silence for at most (\d+) h/.exec(message)))
    return t('validation.silence.operatorLimit', { hours: match[1]! });
  if (/^matchers\.district must be one of your districts/.test(message))
    return t('apiMessage.silenceDistrictScope');
  if (/^No silence /.test(message)) return t('apiMessage.noSilence');
  if (message === 'The silence has expired; create a new one')
    return t('apiMessage.silenceExpired');
  if (message === 'The request body is empty') return t('apiMessage.emptyBody');
  if (message === 'Send text/csv or application/geo+json') return t('apiMessage.wrongType');
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
