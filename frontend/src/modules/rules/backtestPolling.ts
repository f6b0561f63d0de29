import type { Backtest } from '@cityops/contracts';

/**
 * The backtest panel's state: nothing yet, the request being sent, a backtest running (polled),
 * finished (done or failed, as the backend says), or the request/poll itself refused.
 */
export type BacktestRun =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; backtest: Backtest; pollFailures: number }
  | { phase: 'done'; backtest: Backtest }
  | { phase: 'failed'; backtest: Backtest }
  | { phase: 'error'; error: unknown; backtest?: Backtest };

export type BacktestEvent =
  | { type: 'start' }
  | { type: 'answer'; backtest: Backtest }
  | { type: 'pollError'; error: unknown }
  | { type: 'startError'; error: unknown }
  | { type: 'reset' };

/** Polls that may fail in a row (a backend restart) before the panel gives up. */
export const MAX_POLL_FAILURES = 3;

/** How long to wait before the next GET /api/backtests/:id. */
export const POLL_INTERVAL_MS = 1_000;

/**
 * One step of the run: an answer (POST's or a poll's) moves to running, done or failed; a poll
 * that fails is retried up to MAX_POLL_FAILURES times; an answer for another backtest than the one
 * being polled (a stale poll after a new start) is ignored.
 */
export function backtestReducer(state: BacktestRun, event: BacktestEvent): BacktestRun {
  switch (event.type) {
    case 'reset':
      return { phase: 'idle' };
    case 'start':
      return { phase: 'starting' };
    case 'startError':
      return state.phase === 'starting' ? { phase: 'error', error: event.error } : state;
    case 'answer': {
      const { backtest } = event;
      if (state.phase === 'running' && state.backtest.id !== backtest.id) return state;
      if (state.phase !== 'starting' && state.phase !== 'running') return state;
      if (backtest.status === 'done') return { phase: 'done', backtest };
      if (backtest.status === 'failed') return { phase: 'failed', backtest };
      return { phase: 'running', backtest, pollFailures: 0 };
    }
    case 'pollError': {
      if (state.phase !== 'running') return state;
      const pollFailures = state.pollFailures + 1;
      return pollFailures >= MAX_POLL_FAILURES
        ? { phase: 'error', error: event.error, backtest: state.backtest }
        : { ...state, pollFailures };
    }
  }
}

/** The backtest to poll next, or null when nothing is running. */
export function pollTarget(state: BacktestRun): string | null {
  return state.phase === 'running' ? state.backtest.id : null;
}

/** Progress shown, 0..1: the backend's while running, 1 once done. */
export function progressOf(state: BacktestRun): number {
  if (state.phase === 'done') return 1;
  if (state.phase === 'running' || state.phase === 'failed') return state.backtest.progress;
  return 0;
}
