import { SILENCE_STATES, type SilenceState } from '@cityops/contracts';

/** The page's state filter from its URL query (`?state=active,pending`); unknown values dropped. */
export function parseSilenceStates(params: URLSearchParams): SilenceState[] {
  const given = new Set((params.get('state') ?? '').slice(0, 100).split(','));
  return SILENCE_STATES.filter((state) => given.has(state));
}

/** The URL query of a state filter (none: every state, no parameter), the inverse of the above. */
export function serializeSilenceStates(states: readonly SilenceState[]): URLSearchParams {
  const params = new URLSearchParams();
  const known = SILENCE_STATES.filter((state) => states.includes(state));
  if (known.length) params.set('state', known.join(','));
  return params;
}
