import { useQuery } from '@tanstack/react-query';
import { oncallApi } from './oncallApi';
import { oncallQueryKeys } from './oncallQueryKeys';

export const useOncallTeams = () =>
  useQuery({ queryKey: oncallQueryKeys.teams, queryFn: ({ signal }) => oncallApi.teams(signal) });

export const useOncallSchedules = () =>
  useQuery({
    queryKey: oncallQueryKeys.schedules,
    queryFn: ({ signal }) => oncallApi.schedules(signal),
  });

export const useOncallRoutes = () =>
  useQuery({ queryKey: oncallQueryKeys.routes, queryFn: ({ signal }) => oncallApi.routes(signal) });

export const useEscalationPolicies = () =>
  useQuery({
    queryKey: oncallQueryKeys.policies,
    queryFn: ({ signal }) => oncallApi.policies(signal),
  });

/** GET /api/oncall/now, again every minute (shifts hand over as time passes). */
export const useOncallNow = () =>
  useQuery({
    queryKey: oncallQueryKeys.now,
    queryFn: ({ signal }) => oncallApi.now(signal),
    refetchInterval: 60_000,
  });

/** The spans of one schedule over the strip's window. */
export const useScheduleSpans = (id: string, from: string, to: string) =>
  useQuery({
    queryKey: oncallQueryKeys.spans(id, from, to),
    queryFn: ({ signal }) => oncallApi.spans(id, from, to, signal),
  });
