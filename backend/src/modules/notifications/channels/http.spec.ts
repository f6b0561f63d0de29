import { describe, expect, it } from 'vitest';
import { DINGTALK_RATE_LIMITED } from './dingtalk.channel.js';
import { classifySmtpError } from './email.channel.js';
import { checkRobotAnswer, parseRobotAnswer, retryAfterMs } from './http.js';
import { WECOM_RATE_LIMITED, limitBytes } from './wecom.channel.js';
import { DeliveryError } from './delivery-error.js';

const outcome = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    const e = error as DeliveryError;
    return `${e.rateLimited ? 'rate-limited' : e.retryable ? 'retry' : 'permanent'}: ${e.reason}`;
  }
};

describe('checkRobotAnswer', () => {
  it.each([
    [WECOM_RATE_LIMITED, 0, 'ok', 'ok'],
    [
      WECOM_RATE_LIMITED,
      45009,
      'api freq out of limit',
      'rate-limited: errcode 45009: api freq out of limit',
    ],
    [
      WECOM_RATE_LIMITED,
      93000,
      'invalid webhook url',
      'permanent: errcode 93000: invalid webhook url',
    ],
    [WECOM_RATE_LIMITED, -1, 'system busy', 'retry: errcode -1: system busy'],
    [DINGTALK_RATE_LIMITED, 130101, 'send too fast', 'rate-limited: errcode 130101: send too fast'],
    [DINGTALK_RATE_LIMITED, 310000, 'sign not match', 'permanent: errcode 310000: sign not match'],
    [DINGTALK_RATE_LIMITED, 45009, 'x', 'permanent: errcode 45009: x'],
  ])('%j errcode %i (%s) → %s', (codes, errcode, errmsg, expected) => {
    expect(outcome(() => checkRobotAnswer({ errcode, errmsg }, codes))).toBe(expected);
  });

  it('flattens and bounds the robot message in the reason', () => {
    const reason = outcome(() =>
      checkRobotAnswer({ errcode: 1, errmsg: `bad\n${'x'.repeat(500)}` }, []),
    );
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThan(240);
  });
});

describe('parseRobotAnswer', () => {
  it('reads errcode and errmsg', () => {
    expect(parseRobotAnswer('{"errcode":0,"errmsg":"ok"}')).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it.each(['', '<html>gateway</html>', '{"code":0}', '{"errcode":"0"}'])(
    'retries an answer that is not a robot answer: %j',
    (text) => {
      expect(outcome(() => parseRobotAnswer(text))).toMatch(/^retry: unexpected answer/);
    },
  );
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-26T08:00:00Z');
  it.each([
    [null, null],
    ['', null],
    ['5', 5_000],
    ['0', null],
    ['-3', null],
    ['abc', null],
    ['Thu, 26 Nov 2026 08:00:30 GMT', 30_000],
    ['999999', 3_600_000],
  ])('%j → %j', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 550, response: '550 5.1.1 no such mailbox' }, false],
    [{ responseCode: 535, code: 'EAUTH', response: '535 auth failed' }, false],
    [{ responseCode: 451, response: '451 try again later' }, true],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, true],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, true],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, false],
  ])('%j → retryable %s', (error, retryable) => {
    expect(classifySmtpError(Object.assign(new Error('smtp'), error)).retryable).toBe(retryable);
  });
});

describe('limitBytes', () => {
  it.each([
    ['short', 10, 'short'],
    ['积水积水积水', 12, '积水积…'],
    ['abcdef', 5, 'ab…'],
  ])('%s within %i bytes → %s', (text, max, expected) => {
    const cut = limitBytes(text, max);
    expect(cut).toBe(expected);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
  });
});
