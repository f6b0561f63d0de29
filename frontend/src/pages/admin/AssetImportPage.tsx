import { useState, type FormEvent } from 'react';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AssetImportResultPanel } from '../../modules/assets/AssetImportResultPanel';
import { importContentType } from '../../modules/assets/importContentType';
import { uploadProgressText } from '../../modules/assets/uploadProgressText';
import { useAssetImport } from '../../modules/assets/useAssetImport';
import { useI18n } from '../../modules/i18n/useI18n';
import { FormField } from '../../modules/ui/FormField';
import { MutationError } from '../../modules/ui/MutationError';
import { SubmitButton } from '../../modules/ui/SubmitButton';
import '../history/history.css';
import './admin.css';

/** /admin/assets: import assets from a CSV or GeoJSON file, with progress and the rows refused. */
export function AssetImportPage() {
  const { t } = useI18n();
  const upload = useAssetImport();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contentType = file ? importContentType(file.name) : null;
    if (!file || !contentType) {
      setProblem(t(file ? 'admin.assets.unsupportedType' : 'admin.assets.noFile'));
      return;
    }
    setProblem(null);
    upload.mutate({ file, contentType });
  };

  return (
    <AdminLayout title={t('admin.assets.title')} testId="admin-assets">
      <form className="history-panel admin-form" onSubmit={submit} noValidate>
        <FormField label={t('admin.assets.file')} error={problem ?? undefined}>
          <input
            className="field__input"
            type="file"
            accept=".csv,.geojson,.json,text/csv,application/geo+json"
            disabled={upload.isPending}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setProblem(null);
              upload.reset();
            }}
            data-testid="asset-import-file"
          />
        </FormField>
        <p className="admin-hint">{t('admin.assets.fileHint')}</p>
        {upload.progress ? (
          <p
            className="asset-import__progress"
            role="status"
            data-testid="asset-import-progress"
            data-phase={upload.progress.phase}
          >
            {upload.progress.phase === 'processing' ? (
              <span className="asset-import__spinner" aria-hidden="true" />
            ) : null}
            {uploadProgressText(upload.progress, t)}
          </p>
        ) : null}
        <MutationError mutation={upload} testId="asset-import-error" />
        <div>
          <SubmitButton
            pending={upload.isPending}
            pendingLabel={t('admin.saving')}
            testId="asset-import-submit"
          >
            {t('admin.assets.submit')}
          </SubmitButton>
        </div>
      </form>
      {upload.data && file ? (
        <AssetImportResultPanel result={upload.data} filename={file.name} />
      ) : null}
    </AdminLayout>
  );
}
