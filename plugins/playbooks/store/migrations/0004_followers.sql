-- Who follows a run (Mattermost's IR_Run_Participants.IsFollower): followers are told of its status
-- updates by direct message. Kept apart from run_participants, which a run's every write replaces.
create table run_followers (
  run_id text not null references runs (id) on delete cascade,
  user_id text not null,
  primary key (run_id, user_id)
);
create index run_followers_user on run_followers (user_id);

-- Who follows every new run of a playbook (Mattermost's IR_PlaybookAutoFollow).
create table playbook_autofollows (
  playbook_id text not null references playbooks (id) on delete cascade,
  user_id text not null,
  primary key (playbook_id, user_id)
);
