/**
 * Query keys of watch-mode data. The first element spells the QueryKey enum's style; the enum
 * (modules/api) has no `Watch` member yet, so the literal is kept here, in one place.
 */
export const watchQueryKeys = {
  all: ['watch'] as const,
};
