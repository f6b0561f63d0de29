import {
  CreateTokenRequestSchema,
  type CreateTokenRequest,
  type DistrictCode,
  type TokenKind,
} from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';

export interface NewTokenDraft {
  kind: TokenKind;
  name: string;
  /** API tokens only. */
  role: 'supervisor' | 'operator';
  /** API tokens only: `<resource>:read|write`. */
  scopes: string[];
  /** Empty: the whole city. */
  districts: DistrictCode[];
  /** Days as typed; empty: never expires. */
  expiresInDays: string;
}

/**
 * Checks the create-token form before it is sent (the backend checks again): a name, at least one
 * scope for an API token (a display token carries neither scopes nor role), an expiry of 1–3650
 * whole days or none. Returns the messages by field and, when there are none, the request.
 */
export function validateNewToken(draft: NewTokenDraft, t: TranslateFn) {
  const name = draft.name.trim();
  const errors: { name?: string; scopes?: string; expiresInDays?: string } = {};
  if (!name) errors.name = t('validation.nameRequired');
  else if (name.length > 100) errors.name = t('validation.nameTooLong');
  if (draft.kind === 'api' && draft.scopes.length === 0)
    errors.scopes = t('validation.scopesRequired');
  const daysText = draft.expiresInDays.trim();
  const days = Number(daysText);
  if (daysText && (!/^\d+$/.test(daysText) || days < 1 || days > 3650))
    errors.expiresInDays = t('validation.expiryInvalid');
  if (Object.keys(errors).length > 0) return { errors, request: null };

  const candidate = {
    kind: draft.kind,
    name,
    ...(draft.kind === 'api' ? { role: draft.role, scopes: draft.scopes } : {}),
    ...(draft.districts.length ? { districts: draft.districts } : {}),
    ...(daysText ? { expiresInDays: days } : {}),
  };
  // The contract is the last word (an unknown scope, say): a form bug, never the user's.
  const parsed = CreateTokenRequestSchema.safeParse(candidate);
  if (!parsed.success)
    return { errors: { scopes: parsed.error.issues[0]?.message }, request: null };
  const request: CreateTokenRequest = parsed.data;
  return { errors, request };
}
