import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** Socket.IO with the Redis adapter: events emitted anywhere (any replica, the workers) reach every client. */
export class RedisIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly key: string,
    /** Added to every gateway's options (the origin check and CORS of bootstrap.ts). */
    private readonly serverOptions: Partial<ServerOptions> = {},
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      ...this.serverOptions,
    } as ServerOptions) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: this.key }));
    return server;
  }
}
