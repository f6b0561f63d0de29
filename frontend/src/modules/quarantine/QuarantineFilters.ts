import type { RejectionReason } from '@cityops/contracts';

/** The quarantine page's filters, as kept in its URL query. */
export interface QuarantineFilters {
  /** A source instance ("heating-http:scada-1", "mqtt"); empty: any. */
  source: string;
  reason: RejectionReason | null;
  sensorId: string;
  /** Wall-clock `YYYY-MM-DDTHH:mm` in the display zone; empty: open. */
  from: string;
  to: string;
}

export const EMPTY_QUARANTINE_FILTERS: QuarantineFilters = {
  source: '',
  reason: null,
  sensorId: '',
  from: '',
  to: '',
};
