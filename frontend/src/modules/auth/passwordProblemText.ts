import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type passwordProblems,
} from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';

export type PasswordProblemCode = ReturnType<typeof passwordProblems>[number]['code'];

/** One problem code of the shared password policy, in the console's language. */
export function passwordProblemText(code: PasswordProblemCode, t: TranslateFn): string {
  return t(`passwordProblem.${code}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
}
