/** The live connection's state and since when (epoch ms): "since" is what the stale banner shows. */
export interface LiveStatus {
  state: 'connecting' | 'connected' | 'disconnected';
  since: number;
}
