import {
  UsernameSchema,
  type CreateUserRequest,
  type DistrictCode,
  type Role,
} from '@cityops/contracts';
import { passwordProblemTexts } from '../auth/passwordProblemTexts';
import type { TranslateFn } from '../i18n/TranslateFn';

export interface NewUserDraft {
  username: string;
  role: Role;
  /** Empty: the whole city. */
  districts: DistrictCode[];
  /** Empty: the backend generates one (shown once, to be changed at first sign-in). */
  password: string;
}

/**
 * Checks the create-user form before it is sent (the backend checks again): a username of letters,
 * digits, ".", "-" and "_", and an optional password the shared policy accepts. Returns the
 * messages by field and, when there are none, the request.
 */
export function validateNewUser(draft: NewUserDraft, t: TranslateFn) {
  const username = draft.username.trim();
  const errors: { username?: string; password?: string } = {};
  if (!username) errors.username = t('validation.usernameRequired');
  else if (!UsernameSchema.safeParse(username).success)
    errors.username = t('validation.usernameInvalid');
  if (draft.password) {
    const problems = passwordProblemTexts(draft.password, username, t);
    if (problems.length)
      errors.password = t('validation.passwordProblems', { problems: problems.join('；') });
  }
  const request: CreateUserRequest | null =
    Object.keys(errors).length > 0
      ? null
      : {
          username,
          role: draft.role,
          ...(draft.districts.length ? { districts: draft.districts } : {}),
          ...(draft.password ? { password: draft.password } : {}),
        };
  return { errors, request };
}
