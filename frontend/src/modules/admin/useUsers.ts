import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** GET /api/users (admin). */
export function useUsers() {
  return useQuery({
    queryKey: adminQueryKeys.users,
    queryFn: ({ signal }) => cityopsApi.users(signal),
  });
}
