// The vault's auto-lock in Firefox ESR (issue 16 items 1 and 2; Firefox runs the background
// as an event page, not a service worker): the timer (alarms) drops the unlocked key from
// storage.session at the deadline fixed at unlock, even after "Lock after" was raised, and an
// extension page follows the lock made elsewhere without a reload.
import assert from 'node:assert/strict';
import { waitFor, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { suite } from './fixture.mjs';

const PAGE = `moz-extension://${FIREFOX_UUID}/popup/popup.html?view=tab`;

suite('lock', { browsers: ['firefox'], replica: false }, (t) => {
  /** Runs `script` (an async function's source) in the current tab, an extension page. */
  const run = (script) => t.ff.call('POST', `${t.ff.session}/execute/async`, { script: `const done = arguments[0]; (${script})().then(done, (e) => done('error: ' + e));`, args: [] });
  const session = () => run(`async () => chrome.storage.session.get(['vault:secret', 'vault:deadline'])`);
  const ask = (message) => run(`async () => chrome.runtime.sendMessage(${JSON.stringify(message)})`);

  t.test('the timer locks at the deadline fixed at unlock, and a page follows a lock made elsewhere', async () => {
    const { ff } = t;
    await ff.get(PAGE);
    await withScreenshot('firefox-lock', (f) => ff.screenshot(f), async () => {
      assert.equal((await ask({ kind: 'set-options', options: { autoLockMinutes: 1 } })).ok, true);
      // Setting a passphrase (the first one makes the vault's keys) unlocks for a minute.
      assert.equal((await ask({ kind: 'set-passphrase', passphrase: 'correct horse' })).ok, true);
      const unlockedAt = Date.now();
      const stored = await session();
      assert.ok(stored['vault:secret'], 'unlocked');
      const alarm = await run(`async () => chrome.alarms.get('auto-lock')`);
      assert.ok(alarm && Math.abs(alarm.scheduledTime - stored['vault:deadline']) < 1000, 'a timer at the deadline');
      assert.equal((await ask({ kind: 'set-options', options: { autoLockMinutes: 60 } })).ok, true);
      await waitFor(async () => !(await session())['vault:secret'], 'the key to leave storage.session at the deadline', 90000 - (Date.now() - unlockedAt));
      assert.ok(Date.now() - unlockedAt >= 55000, 'not before the deadline');

      // A page showing the vault unlocked shows it locked when another page locks it.
      assert.equal((await ask({ kind: 'unlock', passphrase: 'correct horse' })).ok, true);
      await ff.get(PAGE);
      await waitFor(() => ff.exec('return !!document.getElementById("lock");'), 'the page showing the vault unlocked');
      await ff.inExtensionPage(`async () => chrome.runtime.sendMessage({ kind: 'lock' })`);
      await waitFor(() => ff.exec('return !!document.getElementById("unlock-form");'), 'the page showing the vault locked, without a reload', 3000);
    });
  });
});
