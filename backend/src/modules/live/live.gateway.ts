import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { LIVE_ROOM_ALL, type Role, liveDistrictRoom } from '@cityops/contracts';
import type { Server, Socket } from 'socket.io';
import { liveSessionRoom, liveTokenRoom } from '../../infra/live/live-publisher.js';
import { type AuthenticatedUser, AuthService } from '../auth/auth.service.js';

/** Roles that may hold a live connection: every signed-in role (wall screens included). */
export const LIVE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'display'];

/** The rooms a caller's connection joins: its district rooms (or the whole city) and its own. */
export function liveRoomsOf(user: AuthenticatedUser): string[] {
  const scope = user.districts ? user.districts.map(liveDistrictRoom) : [LIVE_ROOM_ALL];
  const own = user.sessionId
    ? [liveSessionRoom(user.sessionId)]
    : user.tokenId
      ? [liveTokenRoom(user.tokenId)]
      : [];
  return [...scope, ...own];
}

/**
 * Socket.IO at /socket.io. Clients authenticate with their bearer token (io(url, {auth: {token}}));
 * events are published by LivePublisher through Redis and reach every replica's clients. A session
 * or token revoked later has its connections closed (LivePublisher.disconnect).
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(private readonly auth: AuthService) {}

  afterInit(server: Server): void {
    server.use((socket: Socket, next) => {
      void this.admit(socket).then(
        (admitted) => next(admitted ? undefined : new Error('unauthorized')),
        (error: unknown) => {
          this.logger.warn(`live connection refused: ${String(error)}`);
          next(new Error('unavailable'));
        },
      );
    });
    this.logger.log('live events at /socket.io');
  }

  private async admit(socket: Socket): Promise<boolean> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const user =
      typeof token === 'string' && token.length <= 4_096
        ? await this.auth.authenticate(token, socket.handshake.address ?? null)
        : null;
    if (
      !user ||
      !LIVE_ROLES.includes(user.role) ||
      user.mustChangePassword ||
      (user.via === 'api' && !user.scopes?.includes('incidents:read'))
    )
      return false;
    socket.data.user = user;
    await socket.join(liveRoomsOf(user));
    return true;
  }
}
