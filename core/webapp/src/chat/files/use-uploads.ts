// The files being attached to the message in the composer: each starts uploading as soon as it is
// chosen, pasted or dropped, shows its progress, and may be removed (stopping its upload) before
// the message is sent with the ids of those that finished.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../client.ts';
import { uploadFile } from './file-upload.ts';

/** A post holds at most ten files, in Mattermost and here. */
export const MAX_FILES_PER_POST = 10;

export interface PendingUpload {
  clientId: string;
  name: string;
  /** 0 to 1 while the bytes go up. */
  progress: number;
  fileId?: string;
  error?: string;
}

export interface Uploads {
  list: PendingUpload[];
  add(files: File[]): void;
  remove(clientId: string): void;
  /** Forgets every file (after the message went out with them). */
  clear(): void;
  /** The ids of the uploaded files, and whether some are still uploading. */
  fileIds: string[];
  uploading: boolean;
  problem: string;
}

/** The files of one message box: a channel's, or (with `rootId`) a thread's reply box. */
export function useUploads(channelId: string, rootId = ''): Uploads {
  const [list, setList] = useState<PendingUpload[]>([]);
  const [problem, setProblem] = useState('');
  const aborts = useRef(new Map<string, () => void>());
  // How many files are attached now, for the limit: two drops before a render must both count.
  const attached = useRef(0);
  attached.current = list.length;

  const patch = useCallback((clientId: string, change: Partial<PendingUpload>) => {
    setList((uploads) => uploads.map((u) => (u.clientId === clientId ? { ...u, ...change } : u)));
  }, []);

  const stopAll = useCallback(() => {
    for (const abort of aborts.current.values()) abort();
    aborts.current.clear();
  }, []);

  // Another channel's or thread's composer starts empty; what was uploading for this one is stopped.
  useEffect(() => {
    setList([]);
    setProblem('');
    return stopAll;
  }, [channelId, rootId, stopAll]);

  const add = useCallback(
    (files: File[]) => {
      const chosen = files;
      const room = MAX_FILES_PER_POST - attached.current;
      attached.current += Math.max(0, Math.min(room, chosen.length));
      setProblem(chosen.length > room ? `A message can have at most ${MAX_FILES_PER_POST} files; the others were left out.` : '');
      for (const file of chosen.slice(0, Math.max(0, room))) {
        const clientId = crypto.randomUUID();
        setList((uploads) => [...uploads, { clientId, name: file.name, progress: 0 }]);
        const running = uploadFile(channelId, file, clientId, (progress) => patch(clientId, { progress }));
        aborts.current.set(clientId, running.abort);
        running.done.then(
          (info) => patch(clientId, { fileId: info.id, progress: 1 }),
          (err: unknown) => patch(clientId, { error: errorText(err) }),
        );
        void running.done.finally(() => aborts.current.delete(clientId)).catch(() => undefined);
      }
    },
    [channelId, patch],
  );

  const remove = useCallback((clientId: string) => {
    aborts.current.get(clientId)?.();
    aborts.current.delete(clientId);
    setList((uploads) => uploads.filter((u) => u.clientId !== clientId));
  }, []);

  const clear = useCallback(() => {
    setList([]);
    setProblem('');
  }, []);

  return {
    list,
    add,
    remove,
    clear,
    fileIds: list.flatMap((u) => (u.fileId ? [u.fileId] : [])),
    uploading: list.some((u) => !u.fileId && !u.error),
    problem,
  };
}
