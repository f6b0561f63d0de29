import type { OncallSchedule, ScheduleOverride } from '@cityops/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { oncallApi } from './oncallApi';
import { oncallQueryKeys } from './oncallQueryKeys';
import { withOverride, withoutOverride } from './scheduleOverrides';

/**
 * Adds an override: reads the schedule as it is now, adds the override and sends the whole
 * schedule back (PUT). The backend's 400 (overlap, member not in the team…) or 409 is the error.
 */
export function useAddOverride(scheduleId: string) {
  const queryClient = useQueryClient();
  return useMutation<OncallSchedule, Error, ScheduleOverride>({
    mutationFn: async (override) => {
      const schedule = await oncallApi.schedule(scheduleId);
      return oncallApi.updateSchedule(scheduleId, withOverride(schedule, override));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: oncallQueryKeys.all }),
  });
}

/** Removes an override the same way (nothing is sent when someone removed it meanwhile). */
export function useRemoveOverride(scheduleId: string) {
  const queryClient = useQueryClient();
  return useMutation<OncallSchedule, Error, ScheduleOverride>({
    mutationFn: async (override) => {
      const schedule = await oncallApi.schedule(scheduleId);
      const body = withoutOverride(schedule, override);
      return body ? oncallApi.updateSchedule(scheduleId, body) : schedule;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: oncallQueryKeys.all }),
  });
}
