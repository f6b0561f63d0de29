import { QueryKey } from '../api/QueryKey';

/** The admin pages' cache keys. */
export const adminQueryKeys = {
  users: [QueryKey.Users] as const,
  tokens: [QueryKey.Tokens] as const,
};
