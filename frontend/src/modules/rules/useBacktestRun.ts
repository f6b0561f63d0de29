import type { Backtest } from '@cityops/contracts';
import { useCallback, useEffect, useReducer } from 'react';
import { backtestReducer, POLL_INTERVAL_MS, pollTarget } from './backtestPolling';
import { rulesApi } from './rulesApi';

/**
 * A backtest run: `start` sends the request (stored rule or draft); a running backtest is polled
 * every second (GET /api/backtests/:id) until it is done or failed.
 */
export function useBacktestRun() {
  const [state, dispatch] = useReducer(backtestReducer, { phase: 'idle' });
  const target = pollTarget(state);

  useEffect(() => {
    if (!target) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      rulesApi.backtest(target, controller.signal).then(
        (backtest) => dispatch({ type: 'answer', backtest }),
        (error: unknown) => {
          if (!controller.signal.aborted) dispatch({ type: 'pollError', error });
        },
      );
    }, POLL_INTERVAL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `state` too: each answer (a new progress) schedules the next poll.
  }, [target, state]);

  const start = useCallback((send: () => Promise<Backtest>) => {
    dispatch({ type: 'start' });
    send().then(
      (backtest) => dispatch({ type: 'answer', backtest }),
      (error: unknown) => dispatch({ type: 'startError', error }),
    );
  }, []);
  const reset = useCallback(() => dispatch({ type: 'reset' }), []);
  return { state, start, reset };
}
