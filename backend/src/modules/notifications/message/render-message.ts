import { formatLocalTime } from '../../../infra/zoned-time.js';
import {
  DISTRICTS,
  type Incident,
  METRICS,
  type NotificationMessage,
  type NotificationRule,
  type NotifyLocale,
  SEVERITY_COLORS,
  type Severity,
  districtName,
  isMetricName,
  severityRank,
} from '@cityops/contracts';
import { html, markdown, markdownUrl, plain, truncate } from './escape.js';

/** The texts of one message, one per channel family. Pure output of renderMessage. */
export interface RenderedMessage {
  /** One plain line: DingTalk's title, the start of the email subject. */
  title: string;
  /** Robot markdown. WeCom's dialect colours text with info/comment/warning; DingTalk's with #rrggbb. */
  markdown: { wecom: string; dingtalk: string };
  /** At most SMS_MAX_CHARS characters. */
  sms: string;
  email: { subject: string; text: string; html: string };
  /** The generic webhook's JSON body (structured data, not escaped: JSON is its own encoding). */
  payload: Record<string, unknown>;
}

export interface RenderOptions {
  locale: NotifyLocale;
  /** The console as the recipient reaches it (CONSOLE_BASE_URL). */
  consoleBaseUrl: string;
  deliveryId: string;
  recipient: string;
  /** IANA zone for the times shown (Asia/Shanghai by default). */
  timeZone?: string;
}

export const SMS_MAX_CHARS = 140;

/** Bounds for untrusted parts of a message (characters). */
const MAX_TITLE = 120;
const MAX_NAME = 60;
const MAX_RULE = 60;

const TEXTS = {
  zh: {
    severity: { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' } as Record<
      Severity,
      string
    >,
    warning: '预警',
    kind: {
      incident_opened: '新告警',
      incident_updated: '告警更新',
      incident_escalated: '告警升级',
      digest: '告警汇总',
    },
    step: (n: number) => `第 ${n + 1} 级`,
    where: '位置',
    level: '级别',
    value: '数值',
    threshold: (dir: string, t: string) => `阈值 ${dir} ${t}`,
    since: '开始',
    zoneNote: '北京时间',
    status: '状态',
    statuses: { open: '未确认', acknowledged: '已确认', resolved: '已恢复' },
    map: '地图',
    acknowledge: '确认告警',
    open: '打开控制台',
    digestTitle: (n: number) => `${n} 起告警未处理`,
    more: (n: number) => `另有 ${n} 起`,
    ackShort: '确认',
    sep: '：',
    listSep: '，',
  },
  en: {
    severity: { blue: 'Blue', yellow: 'Yellow', orange: 'Orange', red: 'Red' } as Record<
      Severity,
      string
    >,
    warning: 'warning',
    kind: {
      incident_opened: 'New alert',
      incident_updated: 'Alert updated',
      incident_escalated: 'Alert escalated',
      digest: 'Alert digest',
    },
    step: (n: number) => `step ${n + 1}`,
    where: 'Where',
    level: 'Severity',
    value: 'Value',
    threshold: (dir: string, t: string) => `threshold ${dir} ${t}`,
    since: 'Since',
    zoneNote: 'Beijing time',
    status: 'Status',
    statuses: { open: 'not acknowledged', acknowledged: 'acknowledged', resolved: 'resolved' },
    map: 'map',
    acknowledge: 'Acknowledge',
    open: 'Open the console',
    digestTitle: (n: number) => `${n} alerts need attention`,
    more: (n: number) => `${n} more`,
    ackShort: 'Ack',
    sep: ': ',
    listSep: ', ',
  },
} as const;

/** WeCom robots know three font colours; the closest to each warning colour. */
const WECOM_COLOR: Record<Severity, 'info' | 'comment' | 'warning'> = {
  blue: 'comment',
  yellow: 'warning',
  orange: 'warning',
  red: 'warning',
};

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

function unitOf(metric: string | null): string {
  return metric && isMetricName(metric) ? METRICS[metric].unit : '';
}

function withUnit(value: number, unit: string): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** The console showing the incident on the map with its detail (also where it is acknowledged). */
export function consoleLink(baseUrl: string, incidentId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/console?incident=${encodeURIComponent(incidentId)}`;
}

interface Facts {
  kindLabel: string;
  severity: string;
  color: string;
  title: string;
  district: string | null;
  asset: string | null;
  value: string | null;
  threshold: string | null;
  since: string;
  status: string;
  mapUrl: string;
  ackUrl: string;
}

function incidentFacts(
  incident: Incident,
  rule: NotificationRule | null,
  kind: NotificationMessage['kind'],
  step: number | null,
  ackUrl: string | null,
  options: RenderOptions,
): Facts {
  const t = TEXTS[options.locale];
  const unit = unitOf(incident.metric);
  const threshold =
    rule?.threshold === null || rule?.threshold === undefined
      ? null
      : t.threshold(rule.direction === 'below' ? '≤' : '≥', withUnit(rule.threshold, unit));
  const mapUrl = consoleLink(options.consoleBaseUrl, incident.id);
  const kindLabel =
    kind === 'incident_escalated' && step !== null
      ? options.locale === 'zh'
        ? `${t.kind[kind]}（${t.step(step)}）`
        : `${t.kind[kind]} (${t.step(step)})`
      : t.kind[kind];
  return {
    kindLabel,
    severity: `${t.severity[incident.severity]}${options.locale === 'zh' ? '' : ' '}${t.warning}`,
    color: SEVERITY_COLORS[incident.severity],
    title: incident.title,
    district:
      incident.district === null
        ? null
        : options.locale === 'zh'
          ? districtName(incident.district)
          : districtNameEn(incident.district),
    asset: incident.assetName,
    value: incident.lastValue === null ? null : withUnit(incident.lastValue, unit),
    threshold,
    since: formatLocalTime(incident.openedAt, options.timeZone),
    status: t.statuses[incident.status],
    mapUrl,
    ackUrl: ackUrl ?? mapUrl,
  };
}

function districtNameEn(code: string): string {
  return DISTRICTS.find((d) => d.code === code)?.nameEn ?? code;
}

/** Renders a notification for every channel, in the locale. Pure: same input, same texts. */
export function renderMessage(
  message: NotificationMessage,
  options: RenderOptions,
): RenderedMessage {
  return message.kind === 'digest'
    ? renderDigest(message, options)
    : renderIncident(message, options);
}

function renderIncident(
  message: Extract<NotificationMessage, { incident: Incident }>,
  options: RenderOptions,
): RenderedMessage {
  const t = TEXTS[options.locale];
  const f = incidentFacts(
    message.incident,
    message.rule,
    message.kind,
    message.step,
    message.acknowledgeUrl,
    options,
  );
  const titlePlain = plain(f.title, MAX_TITLE);
  const assetPlain = f.asset === null ? null : plain(f.asset, MAX_NAME);
  const wherePlain = [f.district, assetPlain].filter(Boolean).join(' · ');
  const valuePlain = [f.value, f.threshold]
    .filter(Boolean)
    .join(options.locale === 'zh' ? '，' : ', ');
  const rulePlain = message.rule ? plain(message.rule.name, MAX_RULE) : null;
  const head =
    options.locale === 'zh' ? `【${f.severity}】${f.kindLabel}` : `[${f.severity}] ${f.kindLabel}`;
  const title = truncate(`${head} ${titlePlain}`, 160);

  const robot = (flavor: 'wecom' | 'dingtalk') => {
    const colored =
      flavor === 'wecom'
        ? `<font color="${WECOM_COLOR[message.incident.severity]}">${head}</font>`
        : `<font color="${f.color}">${head}</font>`;
    const lines = [
      `### ${colored}`,
      `**${markdown(f.title, MAX_TITLE)}**`,
      '',
      `> ${t.where}${t.sep}${[f.district, f.asset === null ? null : markdown(f.asset, MAX_NAME)]
        .filter(Boolean)
        .join(' · ')} [${t.map}](${markdownUrl(f.mapUrl)})`,
      `> ${t.level}${t.sep}${f.severity}（${f.color}）`,
    ];
    if (valuePlain) lines.push(`> ${t.value}${t.sep}${markdown(valuePlain, 80)}`);
    if (rulePlain) lines.push(`> ${markdown(rulePlain, MAX_RULE)}`);
    lines.push(
      `> ${t.since}${t.sep}${f.since}（${t.zoneNote}）`,
      `> ${t.status}${t.sep}${f.status}`,
      '',
      `[${t.acknowledge}](${markdownUrl(f.ackUrl)})`,
    );
    return lines.join('\n');
  };

  const textLines = [
    title,
    `${t.where}${t.sep}${wherePlain}`,
    `${t.level}${t.sep}${f.severity} (${f.color})`,
    ...(valuePlain ? [`${t.value}${t.sep}${valuePlain}`] : []),
    ...(rulePlain ? [rulePlain] : []),
    `${t.since}${t.sep}${f.since} (${t.zoneNote})`,
    `${t.status}${t.sep}${f.status}`,
    `${t.map}${t.sep}${f.mapUrl}`,
    `${t.acknowledge}${t.sep}${f.ackUrl}`,
  ];
  const rows = [
    [t.where, html(wherePlain)],
    [t.level, `<span style="color:${f.color}">${html(f.severity)}</span>`],
    ...(valuePlain ? [[t.value, html(valuePlain)]] : []),
    ...(rulePlain ? [['', html(rulePlain)]] : []),
    [t.since, `${html(f.since)} (${html(t.zoneNote)})`],
    [t.status, html(f.status)],
  ];
  const htmlBody = [
    `<h3 style="color:${f.color}">${html(head)}</h3>`,
    `<p><strong>${html(titlePlain)}</strong></p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${html(k ?? '')}</th><td>${v}</td></tr>`),
    '</table>',
    `<p><a href="${html(f.ackUrl)}">${html(t.acknowledge)}</a> · <a href="${html(f.mapUrl)}">${html(t.map)}</a></p>`,
  ].join('\n');

  const smsHead = `[${t.severity[message.incident.severity]}]${f.kindLabel} `;
  const smsTail = ` ${[f.district, f.since.slice(5)].filter(Boolean).join(' ')}`;
  const smsBody = [titlePlain, f.threshold].filter(Boolean).join(' ');
  const sms = fitSms(smsHead, smsBody, smsTail, `${t.ackShort} ${f.ackUrl}`);

  return {
    title,
    markdown: { wecom: robot('wecom'), dingtalk: robot('dingtalk') },
    sms,
    email: { subject: title, text: textLines.join('\n'), html: htmlBody },
    payload: {
      deliveryId: options.deliveryId,
      kind: message.kind,
      locale: options.locale,
      recipient: options.recipient,
      title,
      text: textLines.join('\n'),
      incident: message.incident,
      rule: message.rule,
      step: message.step,
      links: { map: f.mapUrl, acknowledge: f.ackUrl },
    },
  };
}

function renderDigest(
  message: Extract<NotificationMessage, { kind: 'digest' }>,
  options: RenderOptions,
): RenderedMessage {
  const t = TEXTS[options.locale];
  const incidents = message.incidents;
  const title = `${t.kind.digest}${t.sep}${t.digestTitle(incidents.length)}`;
  const consoleUrl =
    message.acknowledgeUrl ?? `${options.consoleBaseUrl.replace(/\/+$/, '')}/console`;
  const shown = incidents.slice(0, 20);
  const more = incidents.length - shown.length;
  const line = (i: Incident, md: boolean) => {
    const name = md ? markdown(i.title, MAX_TITLE) : plain(i.title, MAX_TITLE);
    const district =
      i.district === null
        ? ''
        : ` · ${options.locale === 'zh' ? districtName(i.district) : districtNameEn(i.district)}`;
    return `[${t.severity[i.severity]}] ${name}${district} · ${t.since} ${formatLocalTime(i.openedAt, options.timeZone)}`;
  };
  const counts = [...new Set(incidents.map((i) => i.severity))]
    .sort((a, b) => severityRank(b) - severityRank(a))
    .map((s) => `${t.severity[s]} ${incidents.filter((i) => i.severity === s).length}`)
    .join(t.listSep);
  const robot = [
    `### ${title}`,
    counts,
    '',
    ...shown.map((i) => `- ${line(i, true)}`),
    ...(more > 0 ? [`- ${t.more(more)}`] : []),
    '',
    `[${t.open}](${markdownUrl(consoleUrl)})`,
  ].join('\n');
  const textLines = [
    title,
    counts,
    ...shown.map((i) => `- ${line(i, false)}`),
    ...(more > 0 ? [`- ${t.more(more)}`] : []),
    `${t.open}${t.sep}${consoleUrl}`,
  ];
  return {
    title,
    markdown: { wecom: robot, dingtalk: robot },
    sms: fitSms(`${title} `, counts, '', consoleUrl),
    email: {
      subject: title,
      text: textLines.join('\n'),
      html: [
        `<h3>${html(title)}</h3>`,
        `<p>${html(counts)}</p>`,
        '<ul>',
        ...shown.map((i) => `<li>${html(line(i, false))}</li>`),
        ...(more > 0 ? [`<li>${html(t.more(more))}</li>`] : []),
        '</ul>',
        `<p><a href="${html(consoleUrl)}">${html(t.open)}</a></p>`,
      ].join('\n'),
    },
    payload: {
      deliveryId: options.deliveryId,
      kind: message.kind,
      locale: options.locale,
      recipient: options.recipient,
      title,
      text: textLines.join('\n'),
      incidents,
      links: { console: consoleUrl },
    },
  };
}

/**
 * head + body + tail [+ " " + link] within SMS_MAX_CHARS: the body is shortened first; the link
 * is kept when at least 12 characters of the body still fit beside it, and dropped otherwise.
 */
export function fitSms(head: string, body: string, tail: string, link: string): string {
  const len = (s: string) => Array.from(s).length;
  const room = (withLink: boolean) =>
    SMS_MAX_CHARS - len(head) - len(tail) - (withLink ? len(link) + 1 : 0);
  const withLink = room(true) >= Math.min(12, len(body));
  const space = Math.max(0, room(withLink));
  const text = `${head}${truncate(body, space)}${tail}${withLink ? ` ${link}` : ''}`;
  return truncate(text, SMS_MAX_CHARS);
}
