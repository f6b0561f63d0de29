import { createContext } from 'react';
import type { IncidentListener } from './IncidentListener';
import type { LiveStatus } from './LiveStatus';

interface LiveValue {
  status: LiveStatus;
  subscribe: (listener: IncidentListener) => () => void;
}

export const LiveContext = createContext<LiveValue>({
  status: { state: 'connecting', since: 0 },
  subscribe: () => () => undefined,
});
