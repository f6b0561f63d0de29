import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { LIVE_ROOM_ALL, type Role } from '@cityops/contracts';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';

/** Roles that may hold a live connection: every signed-in role (wall screens included). */
export const LIVE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'display'];

/**
 * Socket.IO at /socket.io. Clients authenticate with their bearer token (io(url, {auth: {token}}));
 * events are published by LivePublisher through Redis and reach every replica's clients.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(private readonly auth: AuthService) {}

  afterInit(server: Server): void {
    server.use((socket: Socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const user = typeof token === 'string' ? this.auth.authenticate(token) : null;
      if (!user || !LIVE_ROLES.includes(user.role)) return next(new Error('unauthorized'));
      socket.data.user = user;
      void socket.join(LIVE_ROOM_ALL);
      next();
    });
    this.logger.log('live events at /socket.io');
  }
}
