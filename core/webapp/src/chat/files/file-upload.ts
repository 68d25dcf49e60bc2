// One file sent to POST /api/v4/files on its own request, as Mattermost's web app does, so each
// has its own progress (XMLHttpRequest's upload events; fetch has none) and can be stopped alone.
// Cookie auth like the Client4: X-Requested-With plus the MMCSRF cookie as X-CSRF-Token.
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import { client, csrfToken } from '../../client.ts';

export interface RunningUpload {
  done: Promise<FileInfo>;
  abort(): void;
}

export function uploadFile(channelId: string, file: File, clientId: string, onProgress: (fraction: number) => void): RunningUpload {
  const request = new XMLHttpRequest();
  const done = new Promise<FileInfo>((resolve, reject) => {
    request.open('POST', client.getFilesRoute());
    request.withCredentials = true;
    request.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    request.setRequestHeader('X-CSRF-Token', csrfToken());
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as (FileUploadResponse & { message?: string }) | null;
      const info = body?.file_infos?.[0];
      if (request.status === 201 && info) resolve(info);
      else reject(new Error(body?.message || `The upload failed (HTTP ${request.status}).`));
    };
    request.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    request.onabort = () => reject(new Error('The upload was cancelled.'));
    // channel_id goes first: the server reads the form as it streams in.
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('client_ids', clientId);
    form.append('files', file, file.name);
    request.send(form);
  });
  return { done, abort: () => request.abort() };
}
