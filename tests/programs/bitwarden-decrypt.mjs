// An independent reader of Bitwarden's password-protected JSON export, written from Bitwarden's
// own description (base-vault-export.service.ts, sdk kdf.rs) with Node's crypto: not the Rust
// code that wrote the file. Prints the decrypted export; exits 2 when a MAC check fails.
//   node bitwarden-decrypt.mjs FILE PASSWORD
import { readFileSync } from 'node:fs';
import { pbkdf2Sync, createHmac, createDecipheriv, timingSafeEqual } from 'node:crypto';

const [file, password] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(file, 'utf8'));
if (doc.encrypted !== true || doc.passwordProtected !== true || doc.kdfType !== 0) {
  console.error('not a PBKDF2 password-protected Bitwarden export');
  process.exit(1);
}
// The salt is used as the UTF-8 bytes of its base64 text, not decoded.
const master = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(doc.salt, 'utf8'), doc.kdfIterations, 32, 'sha256');
// HKDF-Expand only: Node's hkdfSync does extract-then-expand, so expand by hand (RFC 5869 §2.3).
const expand = (info) => createHmac('sha256', master).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
const enc = expand('enc');
const mac = expand('mac');

function decrypt(encString) {
  const m = /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(encString);
  if (!m) throw new Error('not an EncString of type 2');
  const [iv, ct, tag] = m.slice(1).map((b) => Buffer.from(b, 'base64'));
  const want = createHmac('sha256', mac).update(Buffer.concat([iv, ct])).digest();
  if (want.length !== tag.length || !timingSafeEqual(want, tag)) {
    console.error('MAC check failed: wrong password or damaged file');
    process.exit(2);
  }
  const d = createDecipheriv('aes-256-cbc', enc, iv);
  return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
}

if (!decrypt(doc.encKeyValidation_DO_NOT_EDIT)) throw new Error('empty validation value');
process.stdout.write(decrypt(doc.data));
