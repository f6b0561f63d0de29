import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '../auth/auth.module.js';
import { SessionRevocationsRepository } from '../auth/session-revocations.repository.js';
import { BoardAccessRepository } from './board-access.repository.js';
import { QUEUES_BOARD_PATH } from './queues-board-paths.js';
import { QueuesBoard } from './queues-board.js';
import { QueuesBoardController } from './queues-board.controller.js';

/** Bull Board for admins at /admin/queues, and the route that hands out its cookie (API only). */
@Module({
  imports: [AuthModule],
  controllers: [QueuesBoardController],
  // SessionRevocationsRepository is stateless over Redis: this module's own instance reads the same keys.
  providers: [QueuesBoard, BoardAccessRepository, SessionRevocationsRepository],
})
export class QueuesBoardModule {}

/** Mounts the board on the API's Express app (before the console's fallback to index.html). */
export function mountQueuesBoard(app: NestExpressApplication): void {
  app.use(QUEUES_BOARD_PATH, app.get(QueuesBoard).handler());
}
