import { WatchListSchema, type WatchList } from '@cityops/contracts';
import { apiRequest } from '../api/apiRequest';

/** GET /api/watch: the watches on now and those ended lately (every role may read it, display too). */
export function fetchWatches(signal?: AbortSignal): Promise<WatchList> {
  return apiRequest('/api/watch', { signal, schema: WatchListSchema });
}
