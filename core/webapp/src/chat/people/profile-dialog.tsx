// "Profile", from the user menu: my first and last name, nickname and position (PUT /users/{id}/patch),
// and my profile picture: upload a new one (POST /users/{id}/image) or go back to the generated one
// (DELETE /users/{id}/image). Every page showing me picks the change up from user_updated.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { client } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { useChat } from '../chat-store.ts';
import { UserAvatar } from './user-avatar.tsx';
import { useMyChange } from './use-my-change.ts';

/** Mattermost's limits for these fields. */
const NAME_MAX = 64;
const NICKNAME_MAX = 64;
const POSITION_MAX = 128;
const PICTURE_TYPES = 'image/png,image/jpeg,image/gif,image/bmp,image/webp';

export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const me = useChat((s) => s.me);
  const [fields, setFields] = useState({ first_name: me.first_name, last_name: me.last_name, nickname: me.nickname, position: me.position });
  const [done, setDone] = useState('');
  const { busy, problem, run: change } = useMyChange();

  const run = (action: () => Promise<unknown>, success: string) => {
    setDone('');
    change(action, () => setDone(success));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    run(() => client.patchUser({ id: me.id, ...fields }), 'Your profile was saved.');
  };
  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) run(() => client.uploadProfileImage(me.id, file), 'Your new profile picture was saved.');
  };
  const field = (name: keyof typeof fields, label: string, max: number) => (
    <>
      <label htmlFor={`profile-${name}`}>{label}</label>
      <input id={`profile-${name}`} maxLength={max} value={fields[name]} onChange={(e) => setFields({ ...fields, [name]: e.target.value })} />
    </>
  );

  return (
    <ModalDialog title="Profile" onClose={onClose}>
      <div className="profile-picture">
        <UserAvatar user={me} size="large" withStatus={false} />
        <div className="stacked-form">
          <label htmlFor="profile-picture-file">Upload a new profile picture</label>
          <input id="profile-picture-file" type="file" accept={PICTURE_TYPES} disabled={busy} onChange={upload} />
          {me.last_picture_update > 0 && (
            <button type="button" className="quiet" disabled={busy} onClick={() => run(() => client.setDefaultProfileImage(me.id), 'Your profile picture was removed.')}>
              Remove profile picture
            </button>
          )}
        </div>
      </div>
      <form className="stacked-form" onSubmit={save}>
        <p className="help">
          Username: @{me.username}
        </p>
        {field('first_name', 'First name', NAME_MAX)}
        {field('last_name', 'Last name', NAME_MAX)}
        {field('nickname', 'Nickname', NICKNAME_MAX)}
        {field('position', 'Position', POSITION_MAX)}
        {problem && <p role="alert" className="error">{problem}</p>}
        <p role="status" className="help">
          {done}
        </p>
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
