import type { ChannelTargetOf } from '@cityops/contracts';
import type { RenderedMessage } from '../message/render-message.js';
import { checkRobotAnswer, parseRobotAnswer, post } from './http.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';

/** WeCom answers 45009 when a robot gets more than 20 messages a minute. */
export const WECOM_RATE_LIMITED = [45009];
/** WeCom's markdown content is limited to 4096 bytes. */
const WECOM_MAX_BYTES = 4096;

/** WeCom (企业微信) group robot: POST {msgtype: markdown}; HTTP 200 with {errcode, errmsg}. */
export class WecomChannel implements NotificationChannel<'wecom'> {
  readonly kind = 'wecom';

  async send(
    message: RenderedMessage,
    target: ChannelTargetOf<'wecom'>,
    context: SendContext,
  ): Promise<void> {
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: { content: limitBytes(message.markdown.wecom, WECOM_MAX_BYTES) },
    });
    const answer = await post(
      target.webhookUrl,
      body,
      { 'content-type': 'application/json' },
      context.timeoutMs,
    );
    checkRobotAnswer(parseRobotAnswer(answer.text), WECOM_RATE_LIMITED);
  }
}

/** Cuts text to at most `max` UTF-8 bytes on a character boundary. */
export function limitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > max - 3) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}
