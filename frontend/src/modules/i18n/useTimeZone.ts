import { useConfig } from '../api/useConfig';
import { defaultTimeZone } from './defaultTimeZone';

/** The display zone from GET /api/config, Asia/Shanghai until it answers or when it cannot. */
export function useTimeZone(): string {
  return useConfig().data?.timezone ?? defaultTimeZone;
}
