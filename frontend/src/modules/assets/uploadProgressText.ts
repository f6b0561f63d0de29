import type { TranslateFn } from '../i18n/TranslateFn';
import { formatBytes } from './formatBytes';
import type { UploadProgress } from './UploadProgress';

/** "已上传 1.5 MiB / 3 MiB（50%）", then "已上传 3 MiB，服务器正在导入…". */
export function uploadProgressText(progress: UploadProgress, t: TranslateFn): string {
  if (progress.phase === 'processing')
    return t('admin.assets.processing', { total: formatBytes(progress.total) });
  const percent = progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return t('admin.assets.uploading', {
    sent: formatBytes(progress.sent),
    total: formatBytes(progress.total),
    percent: Math.min(100, percent),
  });
}
