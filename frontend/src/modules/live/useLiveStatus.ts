import { useContext } from 'react';
import { LiveContext } from './LiveContext';

/** Whether live data is flowing, and since when. */
export function useLiveStatus() {
  return useContext(LiveContext).status;
}
