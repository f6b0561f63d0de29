import type { IncidentPage, IncidentWithTimeline } from '@cityops/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { incidentQueryKeys } from './incidentQueryKeys';
import { patchIncidentPage } from './patchIncidentPage';

interface IncidentActionInput {
  id: string;
  action: 'acknowledge' | 'resolve';
  note?: string;
}

/**
 * Acknowledge or resolve an incident. The answer patches the cached list at once (the live event that
 * follows is then a no-op) and refreshes that incident's timeline.
 */
export function useIncidentAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, note }: IncidentActionInput) =>
      action === 'acknowledge' ? cityopsApi.acknowledge(id, note) : cityopsApi.resolve(id, note),
    onSuccess: (incident) => {
      queryClient.setQueryData<IncidentPage>(incidentQueryKeys.active, (page) =>
        patchIncidentPage(page, incident),
      );
      const detailKey = incidentQueryKeys.detail(incident.id);
      queryClient.setQueryData<IncidentWithTimeline>(detailKey, (old) =>
        old ? { ...old, ...incident } : old,
      );
      void queryClient.invalidateQueries({ queryKey: detailKey });
    },
  });
}
