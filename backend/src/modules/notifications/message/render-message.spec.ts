import type { Incident, NotificationMessage } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../../infra/zoned-time.js';
import { SAMPLE_INCIDENT } from '../../../testing/sample-incident.js';
import { SMS_MAX_CHARS, fitSms, renderMessage } from './render-message.js';

const incident = SAMPLE_INCIDENT;

const opened = (overrides: Partial<Extract<NotificationMessage, { incident: Incident }>> = {}) =>
  ({
    kind: 'incident_opened',
    incident,
    rule: { name: '下穿积水', threshold: 25, direction: 'above' },
    step: 0,
    acknowledgeUrl: null,
    ...overrides,
  }) as NotificationMessage;

const options = (locale: 'zh' | 'en') => ({
  locale,
  consoleBaseUrl: 'https://ops.example.test/',
  deliveryId: `${incident.id}|0|duty|wecom`,
  recipient: 'duty',
});

const CONSOLE = `https://ops.example.test/console?incident=${incident.id}`;

describe('formatLocalTime', () => {
  it.each([
    ['2026-11-26T00:05:00Z', '2026-11-26 08:05'],
    ['2026-11-25T16:00:00Z', '2026-11-26 00:00'],
    ['2026-12-31T23:59:59Z', '2027-01-01 07:59'],
  ])('shows %s in Asia/Shanghai as %s', (iso, expected) => {
    expect(formatLocalTime(iso)).toBe(expected);
  });
});

describe('renderMessage', () => {
  it.each([
    [
      'zh',
      opened(),
      [
        '【红色预警】新告警',
        '解放桥下穿：积水 42 cm',
        '和平区 · 解放桥下穿',
        '42 cm，阈值 ≥ 25 cm',
        '2026-11-26 08:05（北京时间）',
        '未确认',
      ],
    ],
    [
      'en',
      opened(),
      [
        '[Red warning] New alert',
        'Heping · 解放桥下穿',
        '42 cm, threshold ≥ 25 cm',
        '2026-11-26 08:05（Beijing time）',
        'not acknowledged',
      ],
    ],
    ['zh', opened({ kind: 'incident_escalated', step: 1 }), ['告警升级（第 2 级）']],
    ['en', opened({ kind: 'incident_escalated', step: 2 }), ['Alert escalated (step 3)']],
    ['zh', opened({ kind: 'incident_updated' }), ['告警更新']],
    [
      'zh',
      opened({ rule: { name: '室温不达标', threshold: 18, direction: 'below' } }),
      ['阈值 ≤ 18 cm'],
    ],
    [
      'zh',
      opened({ incident: { ...incident, status: 'acknowledged', severity: 'blue' } }),
      ['【蓝色预警】', '已确认'],
    ],
  ] as const)('%s %j says what, where, how bad and since when', (locale, message, expected) => {
    const rendered = renderMessage(message, options(locale));
    for (const text of expected) expect(rendered.markdown.dingtalk).toContain(text);
  });

  it('colours the robots the way each dialect can', () => {
    const rendered = renderMessage(opened(), options('zh'));
    expect(rendered.markdown.wecom).toContain('<font color="warning">【红色预警】新告警</font>');
    expect(rendered.markdown.dingtalk).toContain('<font color="#e5312f">【红色预警】新告警</font>');
    expect(rendered.markdown.dingtalk).toContain('红色预警（#e5312f）');
  });

  it('links the map and the acknowledge link, the console when none is given', () => {
    const plain = renderMessage(opened(), options('zh'));
    expect(plain.markdown.wecom).toContain(`[地图](${CONSOLE})`);
    expect(plain.markdown.wecom).toContain(`[确认告警](${CONSOLE})`);
    const signed = renderMessage(
      opened({ acknowledgeUrl: 'https://ops.example.test/ack/abc?token=x(1)' }),
      options('zh'),
    );
    expect(signed.markdown.wecom).toContain(
      '[确认告警](https://ops.example.test/ack/abc?token=x%281%29)',
    );
    expect(signed.email.html).toContain('href="https://ops.example.test/ack/abc?token=x(1)"');
    expect(signed.sms).toContain('https://ops.example.test/ack/abc?token=x(1)');
    expect(signed.payload).toMatchObject({
      links: { map: CONSOLE, acknowledge: 'https://ops.example.test/ack/abc?token=x(1)' },
    });
  });

  it('gives the email a one-line subject, a text part and an HTML part', () => {
    const { email, title } = renderMessage(opened(), options('en'));
    expect(email.subject).toBe('[Red warning] New alert 解放桥下穿：积水 42 cm');
    expect(email.subject).toBe(title);
    expect(email.text.split('\n')[0]).toBe(email.subject);
    expect(email.html).toContain('<span style="color:#e5312f">Red warning</span>');
  });

  it('leaves out what the incident does not have (no value, no district, no rule)', () => {
    const bare = renderMessage(
      opened({
        incident: { ...incident, lastValue: null, district: null, metric: null },
        rule: null,
      }),
      options('zh'),
    );
    expect(bare.markdown.wecom).not.toContain('数值');
    expect(bare.markdown.wecom).not.toContain('null');
    expect(bare.email.text).not.toContain('null');
  });

  describe('hostile incident text', () => {
    const hostile = opened({
      incident: {
        ...incident,
        title:
          '**粗体** <font color="info">已恢复</font> [点我](http://evil.example/x)\n### 伪标题\n> 假引用 `code` <@all> &amp;',
        assetName: `<img src=x onerror=alert(1)>${'长'.repeat(5_000)}`,
      },
      rule: {
        name: '![img](http://evil.example/i.png) | table |',
        threshold: 25,
        direction: 'above',
      },
    });
    const zh = renderMessage(hostile, options('zh'));

    it.each(['wecom', 'dingtalk'] as const)('leaves no markup in %s markdown', (flavor) => {
      const md = zh.markdown[flavor];
      const ours = md
        .replace(/<font color="[^"]+">/g, '')
        .replace(/<\/font>/g, '')
        .replace(/\[(地图|确认告警)\]\([^)]+\)/g, '')
        .replace(/^> /gm, '');
      expect(ours).not.toMatch(/[<>[\]`|]/);
      expect(ours).not.toContain('**粗体**');
      expect(ours).not.toContain('](');
      expect(md.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(1);
      expect(md).toContain('＊＊粗体＊＊');
      expect(md).toContain('＜font color="info"＞');
    });

    it('bounds a very long name', () => {
      expect(zh.markdown.wecom.length).toBeLessThan(1_000);
      expect(zh.email.text.length).toBeLessThan(1_000);
      expect(zh.email.html.length).toBeLessThan(2_000);
      expect(zh.email.text).toContain('长…');
    });

    it('escapes HTML in the email and keeps the subject on one line', () => {
      expect(zh.email.html).not.toMatch(/<(img|font|@all)/);
      expect(zh.email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(zh.email.html).toContain('&amp;amp;');
      expect(zh.email.subject).not.toMatch(/[\r\n]/);
    });

    it('keeps the SMS to one line of at most 140 characters', () => {
      expect(Array.from(zh.sms).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(zh.sms).not.toMatch(/[\r\n]/);
    });

    it('drops control and bidi-override characters', () => {
      const sneaky = renderMessage(
        opened({ incident: { ...incident, title: 'a\u202eevil\u0000\u0007b\r\nc' } }),
        options('zh'),
      );
      expect(sneaky.email.subject).toBe('【红色预警】新告警 a evil b c');
    });
  });

  describe('SMS', () => {
    it.each([
      ['zh', 'a short title', null],
      ['zh', '长'.repeat(300), null],
      ['en', 'x'.repeat(300), null],
      ['zh', '解放桥下穿：积水 42 cm', `https://ops.example.test/ack/${'t'.repeat(40)}`],
      ['zh', '解放桥下穿：积水 42 cm', `https://ops.example.test/ack/${'t'.repeat(200)}`],
    ] as const)('%s title %j, link %j fits in 140 characters', (locale, title, ack) => {
      const { sms } = renderMessage(
        opened({ incident: { ...incident, title }, acknowledgeUrl: ack }),
        options(locale),
      );
      expect(Array.from(sms).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(sms.startsWith(locale === 'zh' ? '[红色]新告警 ' : '[Red]New alert ')).toBe(true);
      if (ack && ack.length < 100) expect(sms.endsWith(ack)).toBe(true);
      if (ack && ack.length > 140) expect(sms).not.toContain('https://');
    });

    it('says what, where and when in the short form', () => {
      const { sms } = renderMessage(opened(), options('zh'));
      expect(sms).toBe(
        `[红色]新告警 解放桥下穿：积水 42 cm 阈值 ≥ 25 cm 和平区 11-26 08:05 确认 ${CONSOLE}`,
      );
    });
  });

  it('lists a digest, most severe counted first', () => {
    const digest = renderMessage(
      {
        kind: 'digest',
        incidents: [
          incident,
          { ...incident, id: 'b', severity: 'yellow', title: '[x](y)' },
          { ...incident, id: 'c', severity: 'yellow', district: null },
        ],
        acknowledgeUrl: null,
      },
      options('zh'),
    );
    expect(digest.title).toBe('告警汇总：3 起告警未处理');
    expect(digest.markdown.wecom).toContain('红色 1，黄色 2');
    expect(digest.markdown.wecom).toContain(
      '- [红色] 解放桥下穿：积水 42 cm · 和平区 · 开始 2026-11-26 08:05',
    );
    expect(digest.markdown.wecom).toContain('［x］（y）');
    expect(digest.markdown.wecom).toContain('[打开控制台](https://ops.example.test/console)');
    expect(Array.from(digest.sms).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });

  it('is pure: the same input renders the same texts', () => {
    expect(renderMessage(opened(), options('zh'))).toEqual(renderMessage(opened(), options('zh')));
  });
});

describe('fitSms', () => {
  it('shortens the body first and keeps head, tail and link', () => {
    const text = fitSms(
      '[红色]新告警 ',
      '长'.repeat(200),
      ' 和平区 11-26 08:05',
      'https://x.test/a',
    );
    expect(Array.from(text).length).toBe(SMS_MAX_CHARS);
    expect(text.startsWith('[红色]新告警 长')).toBe(true);
    expect(text.endsWith('长… 和平区 11-26 08:05 https://x.test/a')).toBe(true);
  });
});
