// Foundation, in Firefox ESR: the extension installs, the content core runs from wasm even
// under the replica's strict CSP (Firefox applies the extension's policy to content-script
// wasm), reaches the background, and anchors its first hint on the tile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, waitFor, withScreenshot, REPO } from './harness.mjs';

const version = JSON.parse(readFileSync(join(REPO, 'dist/firefox/manifest.json'), 'utf8')).version;
let replica;
let ff;

before(async () => {
  replica = await startReplica();
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
  await replica?.close();
});

test('strict page CSP: the core runs from wasm and hints at the tile', async () => {
  await withScreenshot('firefox-strict-csp', (f) => ff.screenshot(f), async () => {
    await ff.get(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&csp=strict&late=800'));
    const state = await waitFor(async () => {
      const s = await ff.state();
      return s.step === 'open-app-passwords' && s.background ? s : null;
    }, 'the first hint', 15000);
    assert.equal(state.core, 'wasm');
    assert.equal(state.background, version);
    assert.equal(state.error, null);
    const errors = await ff.exec('return window.__replicaErrors || [];');
    assert.deepEqual(errors, []);
  });
});
