/** Cache keys of the rules page (the shared QueryKey enum has no entry for rules). */
export const ruleQueryKeys = {
  all: ['rules'] as const,
  list: (archived: boolean) => ['rules', 'list', archived] as const,
  detail: (id: string) => ['rules', 'detail', id] as const,
};
