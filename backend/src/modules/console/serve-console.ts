import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const NOT_CONSOLE = /^\/(api|socket\.io|metrics|ack|admin\/queues)(\/|$)/;

/** The built console (frontend/dist by default) at "/", with client-side routes falling back to index.html. */
export function serveConsole(
  app: NestExpressApplication,
  configured: string | undefined,
): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(configured ?? join(here, '..', '..', '..', '..', 'frontend', 'dist'));
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path))
      return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return dir;
}

function noCacheForHtml(res: Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
