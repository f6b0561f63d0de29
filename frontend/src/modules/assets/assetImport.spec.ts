import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { formatBytes } from './formatBytes';
import { importContentType } from './importContentType';
import { importReasonText } from './importReasonText';
import { rejectedRowsCsv } from './rejectedRowsCsv';
import { uploadProgressText } from './uploadProgressText';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);

describe('asset import', () => {
  it('sends a file with the content type of its name, refusing others', () => {
    expect(importContentType('泵站.CSV')).toBe('text/csv');
    expect(importContentType('assets.geojson')).toBe('application/geo+json');
    expect(importContentType('assets.json')).toBe('application/geo+json');
    expect(importContentType('assets.xlsx')).toBeNull();
  });

  it('tells the bytes sent, then that the server is working', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(
      uploadProgressText({ phase: 'uploading', sent: 1024 * 1024, total: 4 * 1024 * 1024 }, t),
    ).toBe('已上传 1 MiB / 4 MiB（25%）');
    expect(uploadProgressText({ phase: 'uploading', sent: 0, total: 0 }, t)).toBe(
      '已上传 0 B / 0 B（0%）',
    );
    expect(uploadProgressText({ phase: 'processing', total: 2048 }, t)).toBe(
      '已上传 2 KiB，服务器正在导入…',
    );
  });

  it("translates the backend's known reasons and keeps unknown ones", () => {
    expect(importReasonText('expected 8 fields, found 7', t)).toBe('应有 8 列，实际 7 列');
    expect(importReasonText('duplicate id hs-1 (first on line 2)', t)).toBe(
      '编号 hs-1 重复（首次出现在第 2 行）',
    );
    expect(importReasonText('lng: (100, 20) is outside Tianjin', t)).toBe(
      '坐标 (100, 20) 不在天津市范围内',
    );
    expect(
      importReasonText(
        'kind: kind rain_gauge does not belong to domain heating; name: Too small',
        t,
      ),
    ).toBe('设备类型 rain_gauge 不属于领域 heating；name: Too small');
    expect(importReasonText('something new', t)).toBe('something new');
  });

  it('makes the rejected rows a CSV with a BOM, quoting and defused formulas', () => {
    const csv = rejectedRowsCsv(
      [
        { line: 3, reason: 'expected 8 fields, found 7' },
        { line: 4, reason: '=HYPERLINK("x")' },
      ],
      t,
    );
    expect(csv).toBe(
      '\uFEFF行号,原因,原始信息\r\n' +
        '3,应有 8 列，实际 7 列,"expected 8 fields, found 7"\r\n' +
        `4,"'=HYPERLINK(""x"")","'=HYPERLINK(""x"")"\r\n`,
    );
  });
});
