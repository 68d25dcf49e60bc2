-- Playbooks: the columns the list filters and sorts on, and the rest of a playbook's settings and
-- its checklists as JSON (they are always read and written whole, with the playbook).
create table playbooks (
  id text primary key,
  team_id text not null,
  title text not null,
  public boolean not null,
  create_at bigint not null,
  update_at bigint not null,
  delete_at bigint not null default 0,
  num_stages integer not null default 0,
  num_steps integer not null default 0,
  num_runs integer not null default 0,
  last_run_at bigint not null default 0,
  settings jsonb not null,
  checklists jsonb not null default '[]'
);
create index playbooks_team on playbooks (team_id, delete_at);

-- Members and their roles decide who sees and edits a restricted playbook: a row each, so the
-- list can ask "public or a member" in SQL.
create table playbook_members (
  playbook_id text not null references playbooks (id) on delete cascade,
  user_id text not null,
  roles jsonb not null,
  position integer not null,
  primary key (playbook_id, user_id)
);
create index playbook_members_user on playbook_members (user_id);

-- The key metrics a run's retrospective fills in, in the order the playbook lists them.
create table playbook_metrics (
  id text primary key,
  playbook_id text not null references playbooks (id) on delete cascade,
  position integer not null,
  title text not null,
  description text not null,
  type text not null,
  target bigint
);
create index playbook_metrics_playbook on playbook_metrics (playbook_id, position);
