import type { TranslateFn } from '../i18n/TranslateFn';
import { passwordProblemTexts } from './passwordProblemTexts';

export interface PasswordFields {
  current: string;
  next: string;
  confirmation: string;
}

/**
 * Live feedback on the password form, as the user types: the policy's problems with the new
 * password (contracts' rules, in the console's language), whether the confirmation differs
 * (once one is typed), whether it repeats the current password, and whether the form may be sent.
 */
export function passwordFeedback(fields: PasswordFields, username: string, t: TranslateFn) {
  const problems = fields.next ? passwordProblemTexts(fields.next, username, t) : [];
  const mismatch = fields.confirmation !== '' && fields.confirmation !== fields.next;
  const sameAsCurrent = fields.next !== '' && fields.next === fields.current;
  const complete = fields.current !== '' && fields.next !== '' && fields.confirmation !== '';
  return {
    problems,
    mismatch,
    sameAsCurrent,
    complete,
    acceptable: complete && problems.length === 0 && !mismatch && !sameAsCurrent,
  };
}
