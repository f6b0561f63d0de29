import { type Incident, SEVERITY_COLORS, districtName } from '@cityops/contracts';
import { formatLocalTime } from '../../infra/zoned-time.js';

/** Entity-escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const SEVERITY_ZH: Record<Incident['severity'], string> = {
  blue: '蓝色预警',
  yellow: '黄色预警',
  orange: '橙色预警',
  red: '红色预警',
};

const STATUS_ZH: Record<Incident['status'], string> = {
  open: '未确认 open',
  acknowledged: '已确认 acknowledged',
  resolved: '已解决 resolved',
};

/** Page shell: small, no script, no external resource; the CSP in the response forbids them anyway. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:16px;background:#f4f5f7;color:#1f2329}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:1.2em;margin:0 0 12px}
dl{margin:0 0 16px}dt{color:#646a73;font-size:.85em;margin-top:8px}dd{margin:2px 0 0}
.sev{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff}
textarea{width:100%;box-sizing:border-box;min-height:72px;font:inherit;padding:8px}
button{width:100%;padding:14px;font-size:1.1em;border:0;border-radius:6px;background:#1f6feb;color:#fff;margin-top:12px}
.msg{padding:12px;border-radius:6px;background:#fff4e5}
</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

function details(incident: Incident): string {
  const place = [
    incident.district ? districtName(incident.district) : null,
    incident.assetName ?? incident.assetId,
  ]
    .filter((p): p is string => !!p)
    .join(' · ');
  const color = SEVERITY_COLORS[incident.severity];
  return `<dl>
<dt>事件 Incident</dt><dd>${escapeHtml(incident.title)}</dd>
<dt>级别 Severity</dt><dd><span class="sev" style="background:${escapeHtml(color)}">${SEVERITY_ZH[incident.severity]} ${incident.severity}</span></dd>
<dt>位置 Where</dt><dd>${escapeHtml(place || '—')}</dd>
<dt>开始 Since</dt><dd>${escapeHtml(formatLocalTime(incident.openedAt))}（北京时间）</dd>
<dt>状态 Status</dt><dd>${STATUS_ZH[incident.status]}</dd>
</dl>`;
}

/** The page a valid link opens: the incident and the Acknowledge form (posts back to the same URL). */
export function ackFormPage(incident: Incident, recipient: string): string {
  return page(
    '确认告警 Acknowledge',
    `<h1>确认告警 Acknowledge</h1>
${details(incident)}
<form method="post">
<label for="note">备注 Note (optional)</label>
<textarea id="note" name="note" maxlength="1000"></textarea>
<button type="submit">确认 Acknowledge as ${escapeHtml(recipient)}</button>
</form>`,
  );
}

/** Acknowledged (now, or before by someone else), or the link does not work: a message and the incident when known. */
export function ackMessagePage(heading: string, text: string, incident: Incident | null): string {
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p class="msg">${escapeHtml(text)}</p>
${incident ? details(incident) : ''}`,
  );
}
