import { io, type Socket } from 'socket.io-client';

/**
 * Opens the Socket.IO connection to the backend (same origin, /socket.io). The bearer token is read
 * at each (re)connection from `tokenOf` (the access token is short-lived and rotates), and
 * `onTokenSent` hears which one went out, so a refusal can renew exactly that one. WebSocket first,
 * long-polling if a proxy refuses the upgrade; reconnects forever with backoff up to 10 s, since a
 * wall screen must recover on its own.
 */
export function connectLive(
  tokenOf: () => string | null,
  onTokenSent: (token: string | null) => void = () => undefined,
): Socket {
  return io({
    path: '/socket.io',
    auth: (send) => {
      const token = tokenOf();
      onTokenSent(token);
      send({ token });
    },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    timeout: 10_000,
  });
}
