/**
 * Query keys of sanitation case data. The first element spells the QueryKey enum's style; the enum
 * (modules/api) has no `Cases` member yet, so the literal is kept here, in one place.
 */
export const caseQueryKeys = {
  open: ['cases', 'open'] as const,
};
