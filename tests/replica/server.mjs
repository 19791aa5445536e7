// The local replica of Apple's account site, iCloud.com and the sign-in frame (with the
// two-factor upgrade prompt it nests, from appleid.apple.com/widget/account/repair), served over
// HTTPS under the real host names (tests point the browsers' DNS at 127.0.0.1).
// Pages are interactive simulations: see site/account.js for what they model and how tests
// switch variants (query parameters, kept for the tab's session).
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const site = join(here, 'site');

export const ACCOUNT_HOSTS = ['account.apple.com', 'appleid.apple.com', 'account.apple.com.cn', 'appleid.apple.com.cn'];
export const ICLOUD_HOSTS = ['www.icloud.com', 'www.icloud.com.cn'];
export const AUTH_HOSTS = ['idmsa.apple.com', 'idmsa.apple.com.cn'];
export const ALL_HOSTS = [...ACCOUNT_HOSTS, ...ICLOUD_HOSTS, ...AUTH_HOSTS];

/** A self-signed certificate for every replica host, made once with openssl and cached. */
function certificate() {
  const dir = join(repo, 'target', 'replica-cert');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=apple replica',
      '-keyout', key, '-out', cert,
      '-addext', `subjectAltName=${ALL_HOSTS.map((h) => `DNS:${h}`).join(',')},IP:127.0.0.1`,
    ], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };

function page({ nonce, lang, title, script, body = '' }) {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/replica/style.css">
<script nonce="${nonce}" src="/replica/${script}" type="module"></script>
</head>
<body>${body}</body>
</html>`;
}

function csp(relaxed, nonce, frames = 'https://idmsa.apple.com:* https://idmsa.apple.com.cn:*') {
  if (relaxed) {
    return "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src https:; object-src 'none'";
  }
  // Strict: nonce + strict-dynamic, no 'wasm-unsafe-eval' (Apple's real policy is unknown; assume the worst).
  return `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; frame-src ${frames}; connect-src 'self'; object-src 'none'; base-uri 'none'`;
}

/**
 * Starts the replica on 127.0.0.1. Returns `{ port, url(host, path), close() }`.
 * `requests` collects every request served, for tests that check network use.
 */
export async function startReplica({ port = 0 } = {}) {
  const requests = [];
  // Prerender tokens whose prerendered page reported that the guide answered it (see account.js).
  const prerendered = new Set();
  const server = createServer(certificate(), (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url, `https://${host}`);
    requests.push({ host, path: url.pathname, method: req.method });
    const cookies = Object.fromEntries((req.headers.cookie || '').split(/;\s*/).filter(Boolean).map((c) => c.split('=')));
    const headers = { 'cache-control': 'no-store' };
    let relaxed = cookies.replica_csp === 'relaxed';
    if (url.searchParams.has('csp')) {
      relaxed = url.searchParams.get('csp') === 'relaxed';
      headers['set-cookie'] = `replica_csp=${relaxed ? 'relaxed' : 'strict'}; Path=/; Secure; SameSite=None`;
    }
    const nonce = randomBytes(16).toString('base64');
    // The sign-in frame nests Apple's two-factor upgrade prompt from appleid.apple.com (2026 layout).
    const frames = AUTH_HOSTS.includes(host) ? 'https://appleid.apple.com:* https://appleid.apple.com.cn:*' : undefined;
    headers['content-security-policy'] = csp(relaxed, nonce, frames);

    if (url.pathname.startsWith('/replica/')) {
      const file = normalize(join(site, url.pathname.slice('/replica/'.length)));
      if (!file.startsWith(site) || !existsSync(file)) return send(res, 404, headers, 'text/plain', 'not found');
      return send(res, 200, headers, TYPES[file.slice(file.lastIndexOf('.'))] || 'application/octet-stream', readFileSync(file));
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, headers, 'text/plain', '');
    const lang = url.searchParams.get('lang') || 'en';
    if (ACCOUNT_HOSTS.includes(host) && url.pathname.startsWith('/widget/account/repair')) {
      return send(res, 200, headers, TYPES['.html'], page({ nonce, lang, title: 'Apple Account', script: 'repair.js', body: '<div id="repair"></div>' }));
    }
    if (ACCOUNT_HOSTS.includes(host) && url.pathname === '/replica-prerender') {
      // Not Apple's: a page of the account site that prerenders another of its pages (`to`, a
      // path on the same origin) by speculation rules, and goes there (a navigation of its own,
      // which activates the prerendered page) once that page has reported, through
      // /replica-prerender-hello, that the guide answered it while it was prerendered (see
      // account.js). #go is the same navigation as a link.
      const to = url.searchParams.get('to') || '/';
      if (!to.startsWith('/')) return send(res, 400, headers, 'text/plain', 'to must be a path');
      const token = new URL(to, url).searchParams.get('prerender') || '';
      const rules = JSON.stringify({ prerender: [{ source: 'list', urls: [to], eagerness: 'immediate' }] }).replace(/</g, '\\u003c');
      const go = `const to = ${JSON.stringify(to).replace(/</g, '\\u003c')};
        const poll = async () => {
          const state = await fetch('/replica-prerender-state?token=' + encodeURIComponent(${JSON.stringify(token)})).then((r) => r.json(), () => ({}));
          if (state.hello) location.href = to; else setTimeout(poll, 100);
        };
        poll();`;
      const body = `<script nonce="${nonce}" type="speculationrules">${rules}</script><script nonce="${nonce}">${go}</script><main><a id="go" href="${to.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">Continue</a></main>`;
      return send(res, 200, headers, TYPES['.html'], `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Apple Account</title></head><body>${body}</body></html>`);
    }
    if (ACCOUNT_HOSTS.includes(host) && url.pathname === '/replica-prerender-hello') {
      prerendered.add(url.searchParams.get('token'));
      return send(res, 204, headers, 'text/plain', '');
    }
    if (ACCOUNT_HOSTS.includes(host) && url.pathname === '/replica-prerender-state') {
      return send(res, 200, headers, 'application/json', JSON.stringify({ hello: prerendered.has(url.searchParams.get('token')) }));
    }
    if (ACCOUNT_HOSTS.includes(host)) {
      return send(res, 200, headers, TYPES['.html'], page({ nonce, lang, title: 'Apple Account', script: 'account.js', body: '<div id="root"></div>' }));
    }
    if (ICLOUD_HOSTS.includes(host)) {
      return send(res, 200, headers, TYPES['.html'], page({ nonce, lang, title: 'iCloud', script: 'icloud.js', body: '<div id="root"></div>' }));
    }
    if (AUTH_HOSTS.includes(host) && url.pathname === '/appleauth/auth/authorize/signin') {
      return send(res, 200, headers, TYPES['.html'], page({ nonce, lang, title: 'Sign In', script: 'widget.js', body: '<div id="widget"></div>' }));
    }
    return send(res, 404, headers, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = server.address().port;
  return {
    port: actual,
    requests,
    url: (host, path = '/') => `https://${host}:${actual}${path}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function send(res, status, headers, type, body) {
  res.writeHead(status, { ...headers, 'content-type': type });
  res.end(body);
}

// `node tests/replica/server.mjs [port]` serves the replica by hand.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await startReplica({ port: Number(process.argv[2] || 8443) });
  console.log(`replica on ${r.url('account.apple.com', '/account/manage/section/security')}`);
}
