import { passwordProblems } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';
import { passwordProblemText } from './passwordProblemText';

/**
 * What the shared policy (`passwordProblems` from contracts, the backend's own rules) has against
 * `password` for `username`, in the console's language; empty when it is acceptable.
 */
export function passwordProblemTexts(password: string, username: string, t: TranslateFn): string[] {
  return passwordProblems(password, username).map(({ code }) => passwordProblemText(code, t));
}
