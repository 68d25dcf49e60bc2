// "Do not disturb" for a while: the end Mattermost's menu offers (30 mins, 1 hour, 2 hours, tomorrow
// morning) goes to the server as `dnd_end_time` (epoch seconds, Mattermost's field), which gives my
// earlier status back when it passes; the end is kept in this browser to show "Until ...".
import { client } from '../../client.ts';

const MINUTE = 60_000;
/** Mattermost's "Tomorrow" ends do-not-disturb at nine in the morning. */
const TOMORROW_HOUR = 9;

export const DND_CHOICES: ReadonlyArray<{ label: string; end: (now: Date) => number }> = [
  { label: "Don't clear", end: () => 0 },
  { label: '30 mins', end: (now) => now.getTime() + 30 * MINUTE },
  { label: '1 hour', end: (now) => now.getTime() + 60 * MINUTE },
  { label: '2 hours', end: (now) => now.getTime() + 120 * MINUTE },
  {
    label: 'Tomorrow',
    end: (now) => {
      const end = new Date(now);
      end.setDate(end.getDate() + 1);
      end.setHours(TOMORROW_HOUR, 0, 0, 0);
      return end.getTime();
    },
  },
];

function key(userId: string): string {
  return `parley.dndEnd.${userId}`;
}

/** When my do-not-disturb ends (epoch ms), 0 for never or unknown. */
export function dndEnd(userId: string): number {
  try {
    return Number(localStorage.getItem(key(userId))) || 0;
  } catch {
    return 0;
  }
}

function rememberEnd(userId: string, end: number): void {
  try {
    if (end > 0) localStorage.setItem(key(userId), String(end));
    else localStorage.removeItem(key(userId));
  } catch {
    // Blocked storage: the server alone keeps the end.
  }
}

/** Sets my status; `end` (epoch ms) only counts for 'dnd'. */
export async function chooseStatus(userId: string, status: string, end = 0): Promise<void> {
  const dndEndTime = status === 'dnd' && end > 0 ? Math.floor(end / 1000) : 0;
  await client.updateStatus({ user_id: userId, status, manual: true, last_activity_at: 0, dnd_end_time: dndEndTime });
  rememberEnd(userId, dndEndTime > 0 ? end : 0);
}
