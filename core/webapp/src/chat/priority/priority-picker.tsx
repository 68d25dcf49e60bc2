// The channel composer's message priority, as Mattermost's: Standard, Important or Urgent, and
// whether readers are asked to acknowledge the message; shown while the server's PostPriority is on,
// and sent as the new post's `metadata.priority`.
import type { Post, PostPriorityMetadata } from '@mattermost/types/posts';
import { useConfigSwitch } from '../client-config.ts';
import './priority.css';

/** What the composer sends: a priority ('' for standard) and the acknowledgement request. */
export interface ComposerPriority {
  priority: '' | 'important' | 'urgent';
  requestedAck: boolean;
}

export const STANDARD: ComposerPriority = { priority: '', requestedAck: false };

export function usePriorityEnabled(): boolean {
  return useConfigSwitch('PostPriority');
}

/** The post's `metadata` for a priority, or none for a standard message that asks nothing. */
export function priorityMetadata(chosen: ComposerPriority): Pick<Partial<Post>, 'metadata'> {
  if (chosen.priority === '' && !chosen.requestedAck) return {};
  const priority: PostPriorityMetadata = { priority: chosen.priority as PostPriorityMetadata['priority'], requested_ack: chosen.requestedAck, persistent_notifications: false };
  // A new post's metadata carries only its priority; the server fills in the rest.
  return { metadata: { priority } as Post['metadata'] };
}

export function PriorityPicker({ value, onChange }: { value: ComposerPriority; onChange: (next: ComposerPriority) => void }) {
  return (
    <div className="priority-picker">
      <select aria-label="Message priority" value={value.priority} onChange={(e) => onChange({ ...value, priority: e.target.value as ComposerPriority['priority'] })}>
        <option value="">Standard</option>
        <option value="important">Important</option>
        <option value="urgent">Urgent</option>
      </select>
      <label>
        <input type="checkbox" checked={value.requestedAck} onChange={(e) => onChange({ ...value, requestedAck: e.target.checked })} /> Request acknowledgement
      </label>
    </div>
  );
}
