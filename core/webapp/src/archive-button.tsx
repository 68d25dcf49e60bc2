// Archive (after a confirmation) or Unarchive a team or channel on its console page.
import type { Confirmation } from './confirm-dialog.tsx';
import type { ReloadingAction } from './console-record.tsx';

interface ArchiveButtonProps {
  /** "Team" or "Channel", as Mattermost's buttons name them. */
  kind: string;
  name: string;
  archived: boolean;
  /** What archiving does, for the confirmation. */
  consequence: string;
  archive: () => Promise<unknown>;
  unarchive: () => Promise<unknown>;
  action: ReloadingAction;
  ask: (confirmation: Confirmation) => void;
}

export function ArchiveButton({ kind, name, archived, consequence, archive, unarchive, action, ask }: ArchiveButtonProps) {
  if (archived) {
    return (
      <button type="button" aria-disabled={action.busy || undefined} onClick={() => action.act(unarchive, `${name} is unarchived.`)}>
        Unarchive {kind}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="danger"
      aria-disabled={action.busy || undefined}
      onClick={() => ask({ title: `Archive ${kind}`, message: `${consequence} Archive ${name}?`, confirmLabel: 'Archive', run: () => action.act(archive, `${name} is archived.`) })}
    >
      Archive {kind}
    </button>
  );
}
