// Upload a plugin bundle (.tar.gz) from the admin's computer: POST /plugins, for air-gapped servers
// and plugins no marketplace offers. Needs PluginSettings.EnableUploads.
import { useRef, useState, type FormEvent } from 'react';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';

export function PluginUpload({ uploadsEnabled, onUploaded }: { uploadsEnabled: boolean; onUploaded: () => Promise<void> }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const upload = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (upload.busy) return;
    const file = fileInput.current?.files?.[0];
    await upload.run(async () => {
      if (!file) throw new Error('Choose a plugin bundle (.tar.gz) first.');
      const manifest = await client.uploadPlugin(file, replace);
      if (fileInput.current) fileInput.current.value = '';
      await onUploaded();
      return `Uploaded ${manifest.name || manifest.id} ${manifest.version}. Enable it in the list above.`;
    });
  };

  return (
    <section aria-labelledby="upload-plugin">
      <h2 id="upload-plugin">Upload a plugin</h2>
      {!uploadsEnabled && <p className="note">Uploads are turned off: enable “Plugin uploads” in Site Configuration first.</p>}
      <form onSubmit={submit} className="upload">
        <label htmlFor="plugin-file">Plugin bundle (.tar.gz)</label>
        <input id="plugin-file" ref={fileInput} type="file" accept=".tar.gz,.tgz,application/gzip" aria-describedby="upload-status upload-error" />
        <div className="checkbox">
          <input id="plugin-replace" type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          <label htmlFor="plugin-replace">Replace an installed plugin with the same id</label>
        </div>
        <button type="submit" aria-disabled={upload.busy || undefined}>
          {upload.busy ? 'Uploading…' : 'Upload'}
        </button>
        <ActionStatus outcome={upload.outcome} id="upload" />
      </form>
    </section>
  );
}
