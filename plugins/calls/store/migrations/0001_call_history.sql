-- Every call held, for the admins' statistics (Mattermost Calls' GET /stats reads its calls table).
-- The live state of a call stays in the KV store (call-store.ts); this is its record once started.
create table calls (
  id text primary key,
  channel_id text not null,
  -- The channel's type when the call started: O, P, D or G.
  channel_type text not null,
  start_at bigint not null,
  -- 0 while the call goes on (or if the server stopped before it could record its end).
  end_at bigint not null default 0,
  -- Everyone who took part, once the call ended.
  participants jsonb not null default '[]',
  screen_shared boolean not null default false
);
create index calls_start_at on calls (start_at);
