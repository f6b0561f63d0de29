import { INCIDENT_EXPORT_HEADERS } from '@cityops/contracts';
import { useMutation } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { saveBlob } from './saveBlob';

/**
 * Downloads the CSV export of the view (the API needs the bearer token, so it is fetched and saved
 * as a Blob) and reports how many rows it holds and whether the backend cut it.
 */
export function useIncidentsExport() {
  return useMutation({
    mutationFn: async (filterQuery: URLSearchParams) => {
      const { blob, filename, headers } = await cityopsApi.exportIncidents(filterQuery);
      saveBlob(blob, filename);
      return {
        rows: Number(headers.get(INCIDENT_EXPORT_HEADERS.rows) ?? 0),
        total: Number(headers.get(INCIDENT_EXPORT_HEADERS.total) ?? 0),
        truncated: headers.get(INCIDENT_EXPORT_HEADERS.truncated) === 'true',
      };
    },
  });
}
