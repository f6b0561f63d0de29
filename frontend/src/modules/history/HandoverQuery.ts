/** The handover report's query: one district (or the whole city) and a shift as wall-clock times. */
export interface HandoverQuery {
  district: string | null;
  /** `YYYY-MM-DDTHH:mm` in the city's zone. */
  from: string;
  to: string;
}
