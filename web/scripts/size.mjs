// The JavaScript the first page (sign-in) loads, gzipped: the entry of dist/index.html, the chunks
// it preloads and the sign-in page's own chunk; and every chunk of the build for comparison.
//   npm run size   (after npm run build)
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const assets = readdirSync(join(dist, 'assets'));
const signIn = assets.filter((name) => /^SignInPage-.*\.js$/.test(name)).map((name) => `assets/${name}`);
const gz = (path) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const first = [...new Set([...referenced, ...signIn])];
const firstSize = first.reduce((sum, path) => sum + gz(path), 0);
const all = assets.filter((name) => name.endsWith('.js')).reduce((sum, name) => sum + gz(`assets/${name}`), 0);
for (const path of first) console.log(`  ${path}: ${kb(gz(path))} gzip`);
console.log(`first page JavaScript: ${kb(firstSize)} gzip (goal < 500 KB); every chunk: ${kb(all)} gzip`);
