// A post's files under its text: pictures as thumbnails that open a preview, other files as cards
// with an icon, name, size and a download link. Small text files open in the preview too, PDFs in a
// new tab. The server sends them in metadata.files; a post without them asks for its files' infos.
import { useEffect, useState } from 'react';
import type { FileInfo } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import { client } from '../../client.ts';
import { downloadUrl, fileIcon, fileSizeText, fileUrl, isImage, isPdf, isPreviewableText } from './file-kinds.ts';
import { FilePreview } from './file-preview.tsx';
import './files.css';

export function PostFiles({ post }: { post: Post }) {
  const files = usePostFiles(post);
  const [previewing, setPreviewing] = useState<FileInfo | null>(null);
  if (files.length === 0) return null;
  return (
    <>
      <ul className="post-files" aria-label="Files">
        {files.map((file) => (
          <li key={file.id} className={isImage(file) ? 'file-thumbnail' : 'file-card'}>
            {isImage(file) ? (
              <button type="button" className="quiet" aria-label={`Open ${file.name}`} onClick={() => setPreviewing(file)}>
                <img src={client.getFileThumbnailUrl(file.id, 0)} alt={file.name} loading="lazy" />
              </button>
            ) : (
              <FileCard file={file} onPreview={() => setPreviewing(file)} />
            )}
          </li>
        ))}
      </ul>
      {previewing && <FilePreview file={previewing} onClose={() => setPreviewing(null)} />}
    </>
  );
}

function FileCard({ file, onPreview }: { file: FileInfo; onPreview: () => void }) {
  return (
    <>
      <span className="file-icon" aria-hidden="true">
        {fileIcon(file)}
      </span>
      <span className="file-card-text">
        {isPdf(file) ? (
          <a href={fileUrl(file)} target="_blank" rel="noopener noreferrer" className="file-name">
            {file.name}
          </a>
        ) : isPreviewableText(file) ? (
          <button type="button" className="quiet file-name" aria-label={`Preview ${file.name}`} onClick={onPreview}>
            {file.name}
          </button>
        ) : (
          <span className="file-name">{file.name}</span>
        )}
        <span className="post-note">
          {file.extension.toUpperCase()} {fileSizeText(file.size)}
        </span>
      </span>
      <a href={downloadUrl(file)} download={file.name} aria-label={`Download ${file.name}`} title="Download">
        ⬇
      </a>
    </>
  );
}

/** The post's file infos: from its metadata, or fetched once when it names files without them. */
function usePostFiles(post: Post): FileInfo[] {
  const fromMetadata = post.metadata?.files;
  const wanted = (post.file_ids ?? []).length > 0 && !fromMetadata?.length;
  const [fetched, setFetched] = useState<FileInfo[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    client.getFileInfosForPost(post.id).then(
      (infos) => current && setFetched(infos),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [post.id, wanted]);
  return fromMetadata?.length ? fromMetadata : fetched;
}
