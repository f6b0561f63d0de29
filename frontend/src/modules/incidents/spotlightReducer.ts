import { severityRank, type Incident } from '@cityops/contracts';

interface SpotlightState {
  /** The incident the wall is showing now, or null for the city view. */
  current: Incident | null;
  /** Waiting their turn, red before orange, first come first served within a colour. */
  queue: Incident[];
}

type SpotlightAction =
  /** A live incident event, with the cached copy from before it (undefined for a new incident). */
  | { type: 'offer'; incident: Incident; previous: Incident | undefined }
  /** The current spotlight's time is up. */
  | { type: 'next' };

/** The wall flies to orange and red only; blue and yellow wait in the list. */
const SPOTLIGHT_MIN_RANK = severityRank('orange');
/** During a storm dozens may open at once: keep the most severe few rather than touring the city for an hour. */
const MAX_QUEUED = 5;

function deservesSpotlight(incident: Incident, previous: Incident | undefined): boolean {
  if (incident.status !== 'open' || !incident.location) return false;
  const rank = severityRank(incident.severity);
  if (rank < SPOTLIGHT_MIN_RANK) return false;
  return !previous || rank > severityRank(previous.severity);
}

function insertByPriority(queue: Incident[], incident: Incident): Incident[] {
  const rank = severityRank(incident.severity);
  const at = queue.findIndex((queued) => severityRank(queued.severity) < rank);
  const next =
    at < 0 ? [...queue, incident] : [...queue.slice(0, at), incident, ...queue.slice(at)];
  return next.slice(0, MAX_QUEUED);
}

export const initialSpotlight: SpotlightState = { current: null, queue: [] };

/**
 * What the wall shows when orange and red incidents open (or escalate to orange or red): one at a time,
 * each for a while, most severe first, then back to the city view. Updates to an incident on show or in
 * the queue refresh it; a resolved or acknowledged one leaves.
 */
export function spotlightReducer(state: SpotlightState, action: SpotlightAction): SpotlightState {
  if (action.type === 'next') {
    const [head = null, ...rest] = state.queue;
    return { current: head, queue: rest };
  }

  const { incident, previous } = action;
  const queue = state.queue.filter((queued) => queued.id !== incident.id);
  if (state.current?.id === incident.id) {
    if (incident.status !== 'open') return spotlightReducer({ ...state, queue }, { type: 'next' });
    return { current: incident, queue };
  }
  if (deservesSpotlight(incident, previous)) {
    if (!state.current) return { current: incident, queue };
    return { current: state.current, queue: insertByPriority(queue, incident) };
  }
  const stillQueued = state.queue.some((queued) => queued.id === incident.id);
  if (stillQueued && incident.status === 'open') {
    return {
      current: state.current,
      queue: state.queue.map((q) => (q.id === incident.id ? incident : q)),
    };
  }
  return queue.length === state.queue.length ? state : { current: state.current, queue };
}
