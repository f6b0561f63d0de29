import { describe, expect, it } from 'vitest';
import {
  type BacktestRun,
  backtestReducer,
  MAX_POLL_FAILURES,
  pollTarget,
  progressOf,
} from './backtestPolling';
import { makeBacktest, makeBacktestResult } from './makeBacktest';

const idle: BacktestRun = { phase: 'idle' };
const starting = backtestReducer(idle, { type: 'start' });

describe('backtest polling state machine', () => {
  it('a short window answers done at once: no polling, progress 1, the result kept', () => {
    const done = makeBacktest({ status: 'done', progress: 1, result: makeBacktestResult([]) });
    const state = backtestReducer(starting, { type: 'answer', backtest: done });
    expect(state).toEqual({ phase: 'done', backtest: done });
    expect(pollTarget(state)).toBeNull();
    expect(progressOf(state)).toBe(1);
  });

  it('a long window runs: polled while running, progress follows, until done', () => {
    let state = backtestReducer(starting, { type: 'answer', backtest: makeBacktest() });
    expect(state.phase).toBe('running');
    expect(pollTarget(state)).toBe('bt-1');
    state = backtestReducer(state, {
      type: 'answer',
      backtest: makeBacktest({ progress: 0.4 }),
    });
    expect(progressOf(state)).toBe(0.4);
    expect(pollTarget(state)).toBe('bt-1');
    state = backtestReducer(state, {
      type: 'answer',
      backtest: makeBacktest({ status: 'done', progress: 1, result: makeBacktestResult([]) }),
    });
    expect(state.phase).toBe('done');
    expect(pollTarget(state)).toBeNull();
  });

  it('a failed backtest stops polling and keeps its error', () => {
    const running = backtestReducer(starting, { type: 'answer', backtest: makeBacktest() });
    const failed = makeBacktest({ status: 'failed', progress: 0.5, error: 'InfluxDB timeout' });
    const state = backtestReducer(running, { type: 'answer', backtest: failed });
    expect(state).toEqual({ phase: 'failed', backtest: failed });
    expect(pollTarget(state)).toBeNull();
    expect(progressOf(state)).toBe(0.5);
  });

  it('a refused request is an error; a refused poll is retried a few times first', () => {
    expect(backtestReducer(starting, { type: 'startError', error: 'bad' })).toEqual({
      phase: 'error',
      error: 'bad',
    });
    let state = backtestReducer(starting, { type: 'answer', backtest: makeBacktest() });
    for (let i = 1; i < MAX_POLL_FAILURES; i++) {
      state = backtestReducer(state, { type: 'pollError', error: 'down' });
      expect(state).toMatchObject({ phase: 'running', pollFailures: i });
    }
    state = backtestReducer(state, { type: 'pollError', error: 'down' });
    expect(state.phase).toBe('error');
    expect(pollTarget(state)).toBeNull();
  });

  it('a good poll resets the failure count', () => {
    let state = backtestReducer(starting, { type: 'answer', backtest: makeBacktest() });
    state = backtestReducer(state, { type: 'pollError', error: 'down' });
    state = backtestReducer(state, { type: 'answer', backtest: makeBacktest({ progress: 0.2 }) });
    expect(state).toMatchObject({ phase: 'running', pollFailures: 0 });
  });

  it('ignores stale answers: another backtest while polling, anything once idle or finished', () => {
    const running = backtestReducer(starting, { type: 'answer', backtest: makeBacktest() });
    expect(
      backtestReducer(running, { type: 'answer', backtest: makeBacktest({ id: 'bt-0' }) }),
    ).toBe(running);
    expect(backtestReducer(idle, { type: 'answer', backtest: makeBacktest() })).toBe(idle);
    const done = backtestReducer(running, {
      type: 'answer',
      backtest: makeBacktest({ status: 'done', progress: 1 }),
    });
    expect(backtestReducer(done, { type: 'answer', backtest: makeBacktest() })).toBe(done);
    expect(backtestReducer(done, { type: 'pollError', error: 'x' })).toBe(done);
    expect(backtestReducer(running, { type: 'startError', error: 'x' })).toBe(running);
  });

  it('starts over and resets', () => {
    const done = backtestReducer(starting, {
      type: 'answer',
      backtest: makeBacktest({ status: 'done', progress: 1 }),
    });
    expect(backtestReducer(done, { type: 'start' })).toEqual({ phase: 'starting' });
    expect(backtestReducer(done, { type: 'reset' })).toEqual(idle);
    expect(progressOf(starting)).toBe(0);
  });
});
