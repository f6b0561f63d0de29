import { useMutation } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { saveBlob } from '../history/saveBlob';

/** Downloads GET /api/quarantine/export with the page's filters (the API needs the bearer token). */
export function useQuarantineExport() {
  return useMutation({
    mutationFn: async (apiQuery: URLSearchParams) => {
      const { blob, filename } = await cityopsApi.exportQuarantine(apiQuery);
      saveBlob(blob, filename);
    },
  });
}
