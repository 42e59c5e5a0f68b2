// Serves demo/ on 127.0.0.1 and prints its URL. Port: --port N, else $PORT, else 4173; if that
// one is taken, any free port. Only files under demo/ are served, with a strict CSP, plus
// /config.json, which tells the page where its workspace lives.
//
// `--rest` also starts the reference server in this process (PGlite in memory, a seeded
// workspace, an API key and a form key for the demo's origin: scripts/demo-rest.mjs) and points
// the page at it. The key reaches the page through /config.json, never through a URL.
// Ctrl-C (or SIGTERM) stops both servers.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve('demo');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.svg': 'image/svg+xml' };
const args = process.argv.slice(2);
const rest = args.includes('--rest');

/** The page's policy; in REST mode it may also connect to the server (fetch and server-sent events). */
const cspFor = (apiOrigin) =>
  `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

for (const bundle of ['demo.js', 'react.js']) {
  if (!existsSync(join(root, 'build', bundle))) {
    console.error(`demo/build/${bundle} is missing: run \`npm run build\` first (\`npm start\` does both).`);
    process.exit(1);
  }
}

/** What the page reads from /config.json; settled once the workspace is ready. */
let config = rest ? undefined : { storage: 'indexeddb' };
let csp = cspFor(undefined);
/** Set in REST mode: stops the reference server. */
let stopRest;

const headers = (type) => ({ 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (path === '/config.json') {
    if (!config) response.writeHead(503, headers('text/plain; charset=utf-8')).end('The workspace is not ready yet');
    // Read by the page's own script only: no CORS header, so no other origin can read the key.
    else response.writeHead(200, headers('application/json')).end(JSON.stringify(config));
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, headers(types[extname(file)] ?? 'application/octet-stream'));
  createReadStream(file).pipe(response);
});

const flag = args.indexOf('--port');
const wanted = Number(flag >= 0 ? args[flag + 1] : (process.env.PORT ?? 4173));
server.once('error', (error) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`Port ${wanted} is taken; using a free one.`);
  server.listen(0, '127.0.0.1');
});
server.on('listening', async () => {
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}/`;
  if (rest) {
    try {
      console.log('Starting the reference server and seeding its workspace…');
      const { startRestWorkspace } = await import('./demo-rest.mjs');
      // Both names of the loopback host, so that either address works in the browser.
      const started = await startRestWorkspace({ origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`] });
      stopRest = started.close;
      csp = cspFor(new URL(started.baseUrl).origin);
      config = { storage: 'rest', baseUrl: started.baseUrl, apiKey: started.apiKey, formKey: started.formKey };
      const { contacts, companies, deals, interactions } = started.counts;
      console.log(`Rapport demo: ${url}`);
      console.log(`  React page: ${url}react.html`);
      console.log(`Rapport server: ${started.baseUrl} (PGlite in memory: ${contacts} contacts, ${companies} companies, ${deals} deals, ${interactions} interactions)`);
      console.log(`  API key: ${started.apiKey}   form key: ${started.formKey}`);
    } catch (error) {
      console.error('The reference server could not be started:', error);
      await stop(1);
    }
  } else {
    console.log(`Rapport demo: ${url}`);
    console.log(`  React page: ${url}react.html`);
  }
  console.log('Press Ctrl-C to stop.');
});
server.listen(wanted, '127.0.0.1');

let stopping = false;
/** Closes the demo server (dropping idle keep-alive connections) and the reference server, then exits. */
async function stop(code) {
  if (stopping) process.exit(code || 1); // a second Ctrl-C does not wait
  stopping = true;
  const closed = new Promise((done) => server.close(() => done()));
  server.closeAllConnections();
  await Promise.all([closed, stopRest?.()]);
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));
