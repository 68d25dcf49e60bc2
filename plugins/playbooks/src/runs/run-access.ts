// Who may see and change a run, as Mattermost's permission service decides (server/app/permissions_service.go):
// nobody outside the run's team; within it, the owner, the participants, system admins, and (to
// see it) whoever may see the playbook it came from.
import { notAuthorized } from '../http/playbooks-error.ts';
import type { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { Playbook } from '../playbooks/playbook.ts';
import type { Run } from './run.ts';

async function canViewRun(caller: PlaybookAccess, run: Run, playbook: Playbook | null): Promise<boolean> {
  if (!(await caller.canViewTeam(run.team_id))) return false;
  if (run.owner_user_id === caller.userId || run.participant_ids.includes(caller.userId)) return true;
  return playbook !== null && (await caller.canView(playbook));
}

export async function requireViewRun(caller: PlaybookAccess, run: Run, playbook: Playbook | null): Promise<void> {
  if (!(await canViewRun(caller, run, playbook))) throw notAuthorized(`user ${caller.userId} may not see run ${run.id}`);
}

/** Changing a run (its properties, checklists, status, owner) is for its owner, participants and system admins. */
export async function requireManageRun(caller: PlaybookAccess, run: Run): Promise<void> {
  if (!(await caller.canViewTeam(run.team_id))) throw notAuthorized(`user ${caller.userId} is not on the team of run ${run.id}`);
  if (run.owner_user_id === caller.userId || run.participant_ids.includes(caller.userId) || (await caller.isSystemAdmin())) return;
  throw notAuthorized(`user ${caller.userId} may not change run ${run.id}`);
}
