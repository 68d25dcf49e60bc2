-- Runs: the columns lists filter and sort on, the settings copied from the playbook when the run
-- started and the checklists as JSON (a run's checklists are its own copy, edited under a
-- compare-and-set on update_at).
create table runs (
  id text primary key,
  name text not null,
  summary text not null default '',
  summary_modified_at bigint not null default 0,
  owner_user_id text not null,
  reporter_user_id text not null,
  team_id text not null,
  channel_id text not null,
  post_id text not null default '',
  playbook_id text not null,
  create_at bigint not null,
  update_at bigint not null,
  end_at bigint not null default 0,
  current_status text not null,
  last_status_update_at bigint not null default 0,
  previous_reminder bigint not null default 0,
  retrospective text not null default '',
  retrospective_published_at bigint not null default 0,
  retrospective_was_canceled boolean not null default false,
  settings jsonb not null,
  checklists jsonb not null default '[]',
  status_posts jsonb not null default '[]',
  metrics_data jsonb not null default '[]',
  -- When the owner is next reminded to post a status update; 0: no reminder pending.
  reminder_due_at bigint not null default 0
);
create index runs_team on runs (team_id, create_at);
create index runs_channel on runs (channel_id);
create index runs_playbook on runs (playbook_id);
create index runs_reminder_due on runs (reminder_due_at) where reminder_due_at > 0;

-- Participants decide who sees and edits a run: a row each, so lists can ask "participant" in SQL.
create table run_participants (
  run_id text not null references runs (id) on delete cascade,
  user_id text not null,
  position integer not null,
  primary key (run_id, user_id)
);
create index run_participants_user on run_participants (user_id);

-- What happened in a run, in order of event_at; a deleted event keeps its row with delete_at set.
create table timeline_events (
  id text primary key,
  playbook_run_id text not null references runs (id) on delete cascade,
  create_at bigint not null,
  event_at bigint not null,
  delete_at bigint not null default 0,
  event_type text not null,
  summary text not null default '',
  details text not null default '',
  post_id text not null default '',
  subject_user_id text not null default '',
  creator_user_id text not null default ''
);
create index timeline_events_run on timeline_events (playbook_run_id, event_at);
