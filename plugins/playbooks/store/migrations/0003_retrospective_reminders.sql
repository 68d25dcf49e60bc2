-- When a finished run's channel is next reminded to fill out the retrospective (0: no reminder
-- pending), kept with the run like the status-update reminder so it survives restarts.
alter table runs add column retrospective_reminder_due_at bigint not null default 0;
create index runs_retrospective_reminder_due on runs (retrospective_reminder_due_at) where retrospective_reminder_due_at > 0;
