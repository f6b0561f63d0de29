import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryKey } from '../api/QueryKey';
import { uploadAssets } from './uploadAssets';
import type { UploadProgress } from './UploadProgress';

/** Uploads an asset file with its progress; the map's assets are read again afterwards. */
export function useAssetImport() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const mutation = useMutation({
    mutationFn: ({ file, contentType }: { file: File; contentType: string }) =>
      uploadAssets(file, contentType, setProgress),
    onSettled: () => setProgress(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [QueryKey.Assets] }),
  });
  return { ...mutation, progress };
}
