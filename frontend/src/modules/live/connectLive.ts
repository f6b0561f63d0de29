import { io, type Socket } from 'socket.io-client';

/**
 * Opens the Socket.IO connection to the backend (same origin, /socket.io) with the bearer token.
 * WebSocket first, long-polling if a proxy refuses the upgrade; reconnects forever with backoff up
 * to 10 s, since a wall screen must recover on its own.
 */
export function connectLive(token: string): Socket {
  return io({
    path: '/socket.io',
    auth: { token },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    timeout: 10_000,
  });
}
