import { describe, expect, it } from 'vitest';
import { makeIncident } from './makeIncident';
import { initialSpotlight, spotlightReducer } from './spotlightReducer';

const offer = (
  overrides: Parameters<typeof makeIncident>[0],
  previous?: Parameters<typeof makeIncident>[0],
) =>
  ({
    type: 'offer',
    incident: makeIncident(overrides),
    previous: previous ? makeIncident(previous) : undefined,
  }) as const;

describe('spotlightReducer', () => {
  it('shows a newly opened red incident at once', () => {
    const state = spotlightReducer(initialSpotlight, offer({ id: 'r', severity: 'red' }));
    expect(state.current?.id).toBe('r');
  });

  it('leaves blue and yellow incidents to the list', () => {
    let state = spotlightReducer(initialSpotlight, offer({ id: 'b', severity: 'blue' }));
    state = spotlightReducer(state, offer({ id: 'y', severity: 'yellow' }));
    expect(state).toBe(initialSpotlight);
  });

  it('skips incidents without a location: there is nowhere to fly', () => {
    expect(
      spotlightReducer(initialSpotlight, offer({ severity: 'red', location: null })).current,
    ).toBeNull();
  });

  it('shows an incident escalating from yellow to orange, but not an orange one that merely updates', () => {
    const escalated = spotlightReducer(
      initialSpotlight,
      offer({ id: 'a', severity: 'orange' }, { id: 'a', severity: 'yellow' }),
    );
    expect(escalated.current?.id).toBe('a');
    const updated = spotlightReducer(
      initialSpotlight,
      offer({ id: 'a', severity: 'orange', lastValue: 22 }, { id: 'a', severity: 'orange' }),
    );
    expect(updated.current).toBeNull();
  });

  it('queues while one is on show, red ahead of orange, then returns to the city view', () => {
    let state = spotlightReducer(initialSpotlight, offer({ id: 'first', severity: 'orange' }));
    state = spotlightReducer(state, offer({ id: 'o2', severity: 'orange' }));
    state = spotlightReducer(state, offer({ id: 'r1', severity: 'red' }));
    expect(state.current?.id).toBe('first');
    expect(state.queue.map((i) => i.id)).toEqual(['r1', 'o2']);
    state = spotlightReducer(state, { type: 'next' });
    expect(state.current?.id).toBe('r1');
    state = spotlightReducer(state, { type: 'next' });
    state = spotlightReducer(state, { type: 'next' });
    expect(state).toEqual(initialSpotlight);
  });

  it('keeps at most five waiting, dropping the least severe', () => {
    let state = spotlightReducer(initialSpotlight, offer({ id: 'now', severity: 'red' }));
    for (let i = 0; i < 5; i += 1)
      state = spotlightReducer(state, offer({ id: `o${i}`, severity: 'orange' }));
    state = spotlightReducer(state, offer({ id: 'late-red', severity: 'red' }));
    expect(state.queue).toHaveLength(5);
    expect(state.queue[0]?.id).toBe('late-red');
    expect(state.queue.some((i) => i.id === 'o4')).toBe(false);
  });

  it('moves on when the incident on show is acknowledged or resolved, and drops resolved ones from the queue', () => {
    let state = spotlightReducer(initialSpotlight, offer({ id: 'a', severity: 'red' }));
    state = spotlightReducer(state, offer({ id: 'b', severity: 'red' }));
    state = spotlightReducer(state, offer({ id: 'c', severity: 'orange' }));
    state = spotlightReducer(
      state,
      offer({ id: 'c', severity: 'orange', status: 'resolved' }, { id: 'c', severity: 'orange' }),
    );
    expect(state.queue.map((i) => i.id)).toEqual(['b']);
    state = spotlightReducer(
      state,
      offer({ id: 'a', severity: 'red', status: 'acknowledged' }, { id: 'a', severity: 'red' }),
    );
    expect(state.current?.id).toBe('b');
    expect(state.queue).toEqual([]);
  });

  it('refreshes the incident on show when it updates', () => {
    let state = spotlightReducer(
      initialSpotlight,
      offer({ id: 'a', severity: 'red', lastValue: 26 }),
    );
    state = spotlightReducer(
      state,
      offer({ id: 'a', severity: 'red', lastValue: 31 }, { id: 'a', severity: 'red' }),
    );
    expect(state.current?.lastValue).toBe(31);
  });

  it('does not queue the same incident twice when its opening event is repeated', () => {
    let state = spotlightReducer(initialSpotlight, offer({ id: 'a', severity: 'red' }));
    state = spotlightReducer(state, offer({ id: 'b', severity: 'red' }));
    state = spotlightReducer(state, offer({ id: 'b', severity: 'red' }));
    expect(state.queue.map((i) => i.id)).toEqual(['b']);
  });
});
