import type { ChannelTargetOf } from '@cityops/contracts';
import type { RenderedMessage } from '../message/render-message.js';
import { checkRobotAnswer, parseRobotAnswer, post } from './http.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';
import { dingtalkSignedUrl } from './signers.js';
import { limitBytes } from './wecom.channel.js';

/** DingTalk's "sending too fast" answers (a robot takes 20 messages a minute). */
export const DINGTALK_RATE_LIMITED = [130101, 410100];
const DINGTALK_MAX_BYTES = 18_000;

/**
 * DingTalk (钉钉) custom robot: POST {msgtype: markdown, markdown: {title, text}}; in signed mode
 * ("加签") the query carries timestamp (ms) and sign. HTTP 200 with {errcode, errmsg}.
 */
export class DingtalkChannel implements NotificationChannel<'dingtalk'> {
  readonly kind = 'dingtalk';

  constructor(private readonly now: () => number = Date.now) {}

  async send(
    message: RenderedMessage,
    target: ChannelTargetOf<'dingtalk'>,
    context: SendContext,
  ): Promise<void> {
    const url = target.secret
      ? dingtalkSignedUrl(target.webhookUrl, target.secret, this.now())
      : target.webhookUrl;
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: {
        title: message.title,
        text: limitBytes(message.markdown.dingtalk, DINGTALK_MAX_BYTES),
      },
    });
    const answer = await post(url, body, { 'content-type': 'application/json' }, context.timeoutMs);
    checkRobotAnswer(parseRobotAnswer(answer.text), DINGTALK_RATE_LIMITED);
  }
}
