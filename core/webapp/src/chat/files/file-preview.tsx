// A file opened from a post: a picture at its preview size, or a small text file's contents, with a
// download link. Text is fetched and shown as text in a <pre> — an HTML or script file is never run.
import { useEffect, useState } from 'react';
import type { FileInfo } from '@mattermost/types/files';
import { client, errorText } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { downloadUrl, fileSizeText, fileUrl, isImage } from './file-kinds.ts';

export function FilePreview({ file, onClose }: { file: FileInfo; onClose: () => void }) {
  return (
    <ModalDialog title={file.name} onClose={onClose}>
      <div className="file-preview">
        {isImage(file) ? <img src={client.getFilePreviewUrl(file.id, 0)} alt={file.name} /> : <TextContents file={file} />}
      </div>
      <p className="file-preview-footer">
        <span className="post-note">{fileSizeText(file.size)}</span>{' '}
        <a href={downloadUrl(file)} download={file.name}>
          Download {file.name}
        </a>
      </p>
    </ModalDialog>
  );
}

function TextContents({ file }: { file: FileInfo }) {
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    const abort = new AbortController();
    fetch(fileUrl(file), { credentials: 'include', headers: { 'X-Requested-With': 'XMLHttpRequest' }, signal: abort.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The file could not be loaded (HTTP ${response.status}).`);
        setText(await response.text());
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setProblem(errorText(err));
      });
    return () => abort.abort();
  }, [file]);
  if (problem) return <p role="alert" className="error">{problem}</p>;
  if (text === null) return <p role="status">Loading {file.name}…</p>;
  return (
    <pre className="file-text" tabIndex={0} aria-label={`Contents of ${file.name}`}>
      {text}
    </pre>
  );
}
