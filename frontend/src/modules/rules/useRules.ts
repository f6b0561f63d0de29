import type { Rule } from '@cityops/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ruleQueryKeys } from './ruleQueryKeys';
import { rulesApi } from './rulesApi';

/** GET /api/rules (archived ones too when asked). */
export function useRules(archived: boolean) {
  return useQuery({
    queryKey: ruleQueryKeys.list(archived),
    queryFn: ({ signal }) => rulesApi.list(archived, signal),
  });
}

/** GET /api/rules/:id: the rule and its versions; nothing for a new rule. */
export function useRule(id: string | null) {
  return useQuery({
    queryKey: ruleQueryKeys.detail(id ?? ''),
    queryFn: ({ signal }) => rulesApi.get(id!, signal),
    enabled: id !== null,
  });
}

/** Every rule change refreshes the list and the rule's detail. */
function useRuleMutation<V>(fn: (variables: V) => ReturnType<typeof rulesApi.update>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleQueryKeys.all }),
  });
}

export const useCreateRule = () => useRuleMutation((rule: Rule) => rulesApi.create(rule));
export const useUpdateRule = () => useRuleMutation((rule: Rule) => rulesApi.update(rule));
export const useSetRuleEnabled = () =>
  useRuleMutation(({ id, enabled }: { id: string; enabled: boolean }) =>
    rulesApi.setEnabled(id, enabled),
  );
export const useArchiveRule = () => useRuleMutation((id: string) => rulesApi.archive(id));
