import { z } from 'zod';
import { DistrictCodeSchema } from './districts.js';

export const ROLES = ['admin', 'supervisor', 'operator', 'display'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LoginRequestSchema = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** Districts a user or token is limited to; null (or absent) means the whole city. */
export const DistrictScopeSchema = z.array(DistrictCodeSchema).min(1).max(32).nullable();
export type DistrictScope = z.infer<typeof DistrictScopeSchema>;
/** The same, as the API answers it (district codes, not re-validated against the list). */
const DistrictScopeOutSchema = z.array(z.string()).nullable();

export const UserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  districts: DistrictScopeOutSchema.optional(),
  /** A generated or reset password: every route but the password change answers 403 until changed. */
  mustChangePassword: z.boolean().optional(),
});
export type User = z.infer<typeof UserSchema>;

/**
 * `token` is the short-lived access token (bearer). `refreshToken` gets the next pair from
 * POST /api/auth/refresh and is single-use: each refresh returns a new one. Display and API tokens
 * have neither `refreshToken` nor `expiresAt` when they never expire.
 */
export const LoginResponseSchema = z.object({
  token: z.string(),
  user: UserSchema,
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(300) }).strict();
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

// ---- passwords ----

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * What is wrong with a new password, in English for the API's 400 (the console translates by
 * code). Length is counted in code points, so Chinese passphrases count per character.
 */
export function passwordProblems(
  password: string,
  username: string,
): { code: 'too_short' | 'too_long' | 'contains_username' | 'one_character'; message: string }[] {
  const length = [...password].length;
  const problems: ReturnType<typeof passwordProblems> = [];
  if (length < PASSWORD_MIN_LENGTH)
    problems.push({
      code: 'too_short',
      message: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
    });
  if (length > PASSWORD_MAX_LENGTH)
    problems.push({
      code: 'too_long',
      message: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    problems.push({ code: 'contains_username', message: 'must not contain the username' });
  if (length > 0 && new Set(password).size === 1)
    problems.push({ code: 'one_character', message: 'must not repeat one character' });
  return problems;
}

export const PasswordChangeRequestSchema = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict();
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

// ---- user accounts (admin) ----

/** Letters (Chinese included), digits, dot, dash and underscore. */
export const UsernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, ".", "-" and "_" only');

export const UserAccountSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  districts: DistrictScopeOutSchema,
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string().nullable(),
});
export type UserAccount = z.infer<typeof UserAccountSchema>;

export const CreateUserRequestSchema = z
  .object({
    username: UsernameSchema,
    role: RoleSchema,
    districts: DistrictScopeSchema.optional(),
    /** Omitted: a password is generated, returned once, and must be changed at first sign-in. */
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .object({
    role: RoleSchema.optional(),
    districts: DistrictScopeSchema.optional(),
    disabled: z.boolean().optional(),
    /** Generates a new password (returned once) and signs the user out everywhere. */
    resetPassword: z.literal(true).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const UserAccountResponseSchema = z.object({
  user: UserAccountSchema,
  generatedPassword: z.string().optional(),
});
export type UserAccountResponse = z.infer<typeof UserAccountResponseSchema>;

export const UserAccountListSchema = z.object({ items: z.array(UserAccountSchema) });
export type UserAccountList = z.infer<typeof UserAccountListSchema>;

// ---- display and API tokens (admin) ----

export const TOKEN_KINDS = ['display', 'api'] as const;
export const TokenKindSchema = z.enum(TOKEN_KINDS);
export type TokenKind = z.infer<typeof TokenKindSchema>;

/**
 * What an API token may reach: `<resource>:read` (GET) or `<resource>:write` (everything else),
 * where the resource is the route's first path segment after /api.
 */
export const API_TOKEN_RESOURCES = [
  'assets',
  'cases',
  'incidents',
  'maintenance',
  'oncall',
  'quarantine',
  'rules',
  'silences',
  'telemetry',
  'watch',
] as const;
export const API_TOKEN_SCOPES = API_TOKEN_RESOURCES.flatMap((resource) => [
  `${resource}:read`,
  `${resource}:write`,
]) as [string, ...string[]];
export const ApiTokenScopeSchema = z.enum(API_TOKEN_SCOPES);

export const CreateTokenRequestSchema = z
  .object({
    kind: TokenKindSchema,
    name: z.string().trim().min(1).max(100),
    /** API tokens: what they may reach (at least one). Display tokens: none (read-only, /wall). */
    scopes: z.array(ApiTokenScopeSchema).max(API_TOKEN_SCOPES.length).optional(),
    /** API tokens act with this role's rights, narrowed by the scopes (default operator). */
    role: z.enum(['supervisor', 'operator']).optional(),
    districts: DistrictScopeSchema.optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.kind === 'api' && !body.scopes?.length)
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'an API token needs scopes' });
    if (body.kind === 'display' && (body.scopes?.length || body.role))
      ctx.addIssue({
        code: 'custom',
        path: ['scopes'],
        message: 'a display token is read-only: no scopes or role',
      });
  });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;

export const ApiTokenSchema = z.object({
  id: z.string(),
  kind: TokenKindSchema,
  name: z.string(),
  role: RoleSchema,
  scopes: z.array(z.string()),
  districts: DistrictScopeOutSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  lastSeenIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** The secret is shown once, at creation. */
export const CreatedTokenSchema = z.object({ token: z.string(), item: ApiTokenSchema });
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) });
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;
