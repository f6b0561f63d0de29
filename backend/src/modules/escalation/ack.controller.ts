import { Controller, Get, Ip, Param, Post, Req, Res } from '@nestjs/common';
import { AckFormSchema } from '@cityops/contracts';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { ackFormPage, ackMessagePage } from './ack-page.js';
import { type AckOutcome, AckService } from './ack.service.js';

/** The page is the whole response: no script, no frames, no referrer (the URL holds the token). */
function send(res: Response, outcome: AckOutcome): void {
  res
    .status(outcome.status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    })
    .send(
      outcome.kind === 'form'
        ? ackFormPage(outcome.incident, outcome.recipient)
        : ackMessagePage(outcome.heading, outcome.text, outcome.incident),
    );
}

/**
 * `/ack/<token>` (outside /api, no login): the link in a message. The token is the credential, so
 * the POST needs no CSRF token; it is verified again, and a link works once.
 */
@Controller('ack')
export class AckController {
  constructor(private readonly ack: AckService) {}

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    send(res, await this.ack.show(token));
  }

  @Post(':token')
  @Public()
  async acknowledge(
    @Param('token') token: string,
    @Req() req: Request,
    @Ip() ip: string,
    @Res() res: Response,
  ): Promise<void> {
    const form = AckFormSchema.safeParse(req.body ?? {});
    // NUL: PostgreSQL text cannot hold it, so storing the note would fail (500) after the checks.
    if (!form.success || form.data.note?.includes('\u0000')) {
      send(res, {
        kind: 'message',
        status: 400,
        heading: '备注无效 Invalid note',
        text: '备注最多 1000 个字符，不能含空字符。The note may have at most 1000 characters and no NUL.',
        incident: null,
      });
      return;
    }
    send(res, await this.ack.acknowledge(token, form.data.note, ip));
  }
}
