// The call widget's host controls, in Debian's chromium with fake media devices: Alice starts the
// call (so she is its host) and Bob joins; the host's buttons on Bob's row mute him, lower his hand,
// stop his screen share, make him host and, once he is host, remove Alice; Bob ends the call for
// everyone. A participant who is not the host sees none of them. Peer connections are relay-only (no
// media leaves the pages): these controls are signalling only.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { LoggedIn } from '../helpers/fixtures.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { callParticipant as participant, callWidget as widget, aliceAndBobInCall, startCallPages, type CallPages } from '../helpers/call-pages.ts';

/** Any host control on a participant's row (their labels name the participant). */
const HOST_CONTROL = /^(Mute|Lower hand|Stop screen share|Make host|Remove) @/;

describe('calls web client host controls (browser)', function () {
  this.timeout(90_000);
  let call: CallPages;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let alicePage: Page;
  let bobPage: Page;

  /** The host's button `label` on the row of `who`, in `page`'s widget. */
  const control = (page: Page, who: LoggedIn, label: string) => participant(page, who).getByRole('button', { name: `${label} @${who.user.username}` });

  before(async () => {
    call = await startCallPages({ relayOnly: true });
    ({ alice, bob, alicePage, bobPage } = call);
    await aliceAndBobInCall(call);
  });
  after(async () => {
    await call?.close();
  });

  it('shows the host controls to the host only: the host has them on the other row, a participant who is not the host has none; the host’s widget passes the accessibility check', async () => {
    expect(await participant(alicePage, alice).textContent()).to.include('(host)');
    await control(alicePage, bob, 'Remove').waitFor();
    await control(alicePage, bob, 'Make host').waitFor();
    await widget(alicePage).getByRole('button', { name: 'End call for everyone' }).waitFor();
    // The host has no controls on their own row.
    expect(await participant(alicePage, alice).getByRole('button', { name: HOST_CONTROL }).count()).to.equal(0);
    expect(await widget(bobPage).getByRole('button', { name: HOST_CONTROL }).count()).to.equal(0);
    expect(await widget(bobPage).getByRole('button', { name: 'End call for everyone' }).count()).to.equal(0);
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
  });

  it('mutes the other participant and lowers their hand: their page mutes and lowers it, and both pages show it', async () => {
    await widget(bobPage).getByRole('button', { name: 'Unmute' }).click();
    await widget(bobPage).getByRole('button', { name: 'Raise hand' }).click();
    await participant(alicePage, bob).getByText('Unmuted').waitFor();
    await participant(alicePage, bob).getByText('Hand raised').waitFor();

    await control(alicePage, bob, 'Mute').click();
    await widget(bobPage).getByRole('button', { name: 'Unmute' }).waitFor();
    await participant(alicePage, bob).getByText('Muted').waitFor();
    await participant(bobPage, bob).getByText('Muted').waitFor();
    // Muted, the host's Mute button goes.
    await control(alicePage, bob, 'Mute').waitFor({ state: 'detached' });

    await control(alicePage, bob, 'Lower hand').click();
    await widget(bobPage).getByRole('button', { name: 'Raise hand' }).waitFor();
    await participant(alicePage, bob).getByText('Hand raised').waitFor({ state: 'detached' });
  });

  it('stops the other participant’s screen share', async () => {
    await widget(bobPage).getByRole('button', { name: 'Start presenting' }).click();
    await widget(alicePage).getByText(`@${bob.user.username} is sharing their screen`).waitFor();
    await control(alicePage, bob, 'Stop screen share').click();
    await widget(bobPage).getByRole('button', { name: 'Start presenting' }).waitFor();
    await widget(alicePage).getByText(`@${bob.user.username} is sharing their screen`).waitFor({ state: 'detached' });
  });

  it('makes the other participant host: the controls move to the new host', async () => {
    await control(alicePage, bob, 'Make host').click();
    for (const page of [alicePage, bobPage]) await participant(page, bob).getByText('(host)').waitFor();
    await control(bobPage, alice, 'Remove').waitFor();
    await widget(alicePage).getByRole('button', { name: HOST_CONTROL }).first().waitFor({ state: 'detached' });
    expect(await widget(alicePage).getByRole('button', { name: 'End call for everyone' }).count()).to.equal(0);
  });

  it('removes a participant: their page says the host removed them, and the others no longer list them', async () => {
    await control(bobPage, alice, 'Remove').click();
    await widget(alicePage).getByRole('alert').getByText('The host removed you from the call.').waitFor();
    await participant(bobPage, alice).waitFor({ state: 'detached' });
    // Out of the call, the header offers to join it again; closing the widget dismisses the notice.
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Join call' }).waitFor();
    await widget(alicePage).getByRole('button', { name: 'Close' }).click();
    await widget(alicePage).waitFor({ state: 'detached' });
  });

  it('ends the call for everyone: every widget closes and the call post says it ended', async () => {
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Join call' }).click();
    await participant(bobPage, alice).waitFor();
    await widget(bobPage).getByRole('button', { name: 'End call for everyone' }).click();
    for (const page of [alicePage, bobPage]) {
      await widget(page).waitFor({ state: 'detached' });
      await page.getByRole('group', { name: 'Call ended' }).last().waitFor();
    }
    expect(call.pageErrors).to.deep.equal([]);
  });
});
