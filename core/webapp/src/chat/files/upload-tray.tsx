// Above the composer's box: the files attached to the message being written, each with its upload's
// progress (or what went wrong) and a button to remove it.
import type { Uploads } from './use-uploads.ts';

export function UploadTray({ uploads }: { uploads: Uploads }) {
  if (uploads.list.length === 0 && !uploads.problem) return null;
  return (
    <div className="upload-tray">
      {uploads.list.length > 0 && (
        <ul aria-label="Attached files">
          {uploads.list.map((upload) => (
            <li key={upload.clientId} className="upload-item">
              <span className="upload-name">{upload.name}</span>
              {upload.error ? (
                <span role="alert" className="error">
                  {upload.error}
                </span>
              ) : upload.fileId ? (
                <span className="post-note">Uploaded</span>
              ) : (
                <progress max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`} />
              )}
              <button type="button" className="quiet" aria-label={`Remove ${upload.name}`} onClick={() => uploads.remove(upload.clientId)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {uploads.problem && (
        <p role="alert" className="error">
          {uploads.problem}
        </p>
      )}
    </div>
  );
}

/** The composer's "Attach files" button: a labelled button over a hidden file input. */
export function AttachFilesButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <label className="attach-files button-like" title="Attach files">
      <span aria-hidden="true">📎</span>
      <span className="visually-hidden">Attach files</span>
      <input
        type="file"
        multiple
        className="visually-hidden"
        onChange={(event) => {
          onFiles(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
    </label>
  );
}
