// Serves demo/ on 127.0.0.1 and prints its URL. Port: --port N, else $PORT, else 4173; if that
// one is taken, any free port. Only files under demo/ are served, with a strict CSP.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve('demo');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.svg': 'image/svg+xml' };
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

if (!existsSync(join(root, 'build', 'demo.js'))) {
  console.error('demo/build/demo.js is missing: run `npm run build` first (`npm start` does both).');
  process.exit(1);
}

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(response);
});

const flag = process.argv.indexOf('--port');
const wanted = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? 4173));
server.once('error', (error) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`Port ${wanted} is taken; using a free one.`);
  server.listen(0, '127.0.0.1');
});
server.on('listening', () => {
  const { port } = server.address();
  console.log(`Rapport demo: http://127.0.0.1:${port}/`);
});
server.listen(wanted, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
