// The web client's reading of a picked date and time in the user's time zone (scheduled messages).
import { expect } from 'chai';
import type { UserProfile } from '@mattermost/types/users';
import { epochOfLocalInput, localInputOf, userTimeZone } from '../../core/webapp/src/chat/scheduled/zoned-time.ts';

describe('zoned time (web client)', () => {
  it('reads a wall-clock time in the zone, in winter and in summer time', async () => {
    expect(epochOfLocalInput('2026-01-15T09:30', 'Europe/Paris')).to.equal(Date.UTC(2026, 0, 15, 8, 30));
    expect(epochOfLocalInput('2026-07-15T09:30', 'Europe/Paris')).to.equal(Date.UTC(2026, 6, 15, 7, 30));
    expect(epochOfLocalInput('2026-07-15T09:30', 'America/New_York')).to.equal(Date.UTC(2026, 6, 15, 13, 30));
    expect(epochOfLocalInput('2026-07-15T09:30', 'UTC')).to.equal(Date.UTC(2026, 6, 15, 9, 30));
  });

  it('reads a time on the day summer time starts by the offset after the change', async () => {
    // Paris goes from 02:00 to 03:00 on 29 March 2026; 03:30 is then UTC+2.
    expect(epochOfLocalInput('2026-03-29T03:30', 'Europe/Paris')).to.equal(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('shows an instant as the zone\'s wall-clock time, the inverse of reading it', async () => {
    const at = Date.UTC(2026, 11, 6, 2, 45);
    expect(localInputOf(at, 'Asia/Kolkata')).to.equal('2026-12-06T08:15');
    expect(epochOfLocalInput(localInputOf(at, 'Asia/Kolkata'), 'Asia/Kolkata')).to.equal(at);
  });

  it('answers NaN for what is not a datetime-local value', async () => {
    expect(epochOfLocalInput('tomorrow at nine', 'UTC')).to.be.NaN;
  });

  it("takes the profile's manual zone when automatic is off, its automatic one otherwise", async () => {
    const user = (timezone: Record<string, string>) => ({ timezone }) as unknown as UserProfile;
    expect(userTimeZone(user({ useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo', automaticTimezone: 'Europe/Paris' }))).to.equal('Asia/Tokyo');
    expect(userTimeZone(user({ useAutomaticTimezone: 'true', manualTimezone: 'Asia/Tokyo', automaticTimezone: 'Europe/Paris' }))).to.equal('Europe/Paris');
    expect(userTimeZone(user({ useAutomaticTimezone: 'true', manualTimezone: '', automaticTimezone: '' }))).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
