import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config.js';
import {
  DEFAULT_RATE_LIMITS,
  isJsonTemplate,
  parseRateLimits,
  renderJsonTemplate,
} from './notify-config.js';

describe('parseRateLimits', () => {
  it.each([
    ['', DEFAULT_RATE_LIMITS],
    ['wecom:5', { ...DEFAULT_RATE_LIMITS, wecom: 5 }],
    [' sms:1 , email:100 ', { ...DEFAULT_RATE_LIMITS, sms: 1, email: 100 }],
  ])('%j → limits', (text, limits) => {
    expect(parseRateLimits(text)).toEqual({ ok: true, limits });
  });

  it.each(['pager:3', 'wecom', 'wecom:0', 'wecom:-1', 'wecom:abc'])('refuses %j', (text) => {
    expect(parseRateLimits(text).ok).toBe(false);
  });
});

describe('renderJsonTemplate', () => {
  it('escapes values so that they stay inside their JSON string', () => {
    const body = renderJsonTemplate('{"to":"{phone}","text":"{text}","keep":"{other}"}', {
      phone: '+8613800138000',
      text: 'a "quote"\n\\ and }{',
    });
    expect(JSON.parse(body)).toEqual({
      to: '+8613800138000',
      text: 'a "quote"\n\\ and }{',
      keep: '{other}',
    });
  });

  it.each([
    ['{"phone":"{phone}","text":"{text}"}', true],
    ['{"phone":{phone},"text":"{text}"}', false],
    ['not json', false],
  ])('%j is a JSON template: %s', (template, expected) => {
    expect(isJsonTemplate(template)).toBe(expected);
  });
});

describe('notification settings', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NOTIFY_LOCALE: 'zh',
      NOTIFY_ATTEMPTS: 10,
      NOTIFY_RATE_WINDOW_SECONDS: 60,
      NOTIFY_RATE_LIMITS: DEFAULT_RATE_LIMITS,
    });
    expect(config.SMS_GATEWAY_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
  });

  it('lists every bad notification variable', () => {
    expect(() =>
      loadConfig({
        NOTIFY_LOCALE: 'fr',
        NOTIFY_RATE_LIMITS: 'pager:1',
        SMS_TEMPLATE: '{phone}',
        SMTP_URL: 'http://mail.test',
        SMS_GATEWAY_URL: 'ftp://sms.test',
      }),
    ).toThrow(
      /NOTIFY_LOCALE[\s\S]*NOTIFY_RATE_LIMITS[\s\S]*SMS_GATEWAY_URL[\s\S]*SMS_TEMPLATE[\s\S]*SMTP_URL/,
    );
  });
});
