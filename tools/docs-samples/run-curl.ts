/**
 * Runs a `curl` command from the docs against the reference server, with `$RAPPORT_URL`,
 * `$RAPPORT_API_KEY` and `$RAPPORT_FORM_KEY` substituted, and checks the HTTP status: a 2xx (or
 * 304), or the status the comment under the command shows (`# 201 {…}`, `# HTTP/1.1 404 …`).
 * A stream (`-N`, `Accept: text/event-stream`) is read until its first event, then cut.
 */
import { execFile, spawn } from 'node:child_process';
import type { SampleServerEnv } from './reference-server.js';
import { expandWord, type ShellCommand } from './shell-words.js';

/** curl options that take the next word as their value. */
const valueOptions = new Set(['-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--json', '-X', '--request', '-o', '--output', '-w', '--write-out', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-F', '--form', '-m', '--max-time', '--connect-timeout', '-b', '--cookie', '-c', '--cookie-jar', '-T', '--upload-file']);

/**
 * What went wrong running `command` (a curl command) in `cwd`; empty when it answered as shown.
 *
 * @example
 * await runCurl(parseShell('curl -s $RAPPORT_URL/healthz')[0]!, env, dir); // []
 */
export async function runCurl(command: ShellCommand, env: SampleServerEnv, cwd: string): Promise<string[]> {
  const where = `line ${command.line}`;
  let args: string[];
  try {
    args = command.words.slice(1).map((word) => expandWord(word, { ...env }));
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  const urls = args.filter((arg, index) => !arg.startsWith('-') && !valueOptions.has(args[index - 1] ?? ''));
  if (!urls.length) return [`${where}: curl without a URL`];
  const foreign = urls.filter((url) => !url.startsWith(env.RAPPORT_URL));
  if (foreign.length) return [`${where}: curl must address the reference server as $RAPPORT_URL, not ${foreign.join(' ')}`];
  const stream = args.some((arg) => /^-[a-zA-Z]*N[a-zA-Z]*$|^--no-buffer$/.test(arg) || /text\/event-stream/i.test(arg));
  const { code, status, body, stderr } = stream ? await firstEvent(args, cwd) : await request(args, cwd);
  if (code !== 0) return [`${where}: curl failed (exit code ${code}): ${stderr.trim() || body.slice(0, 300)}`];
  const expected = command.comments.map((comment) => /^(?:HTTP\/[\d.]+\s+)?([1-5]\d\d)\b/.exec(comment)?.[1]).find(Boolean);
  const fine = expected ? status === Number(expected) : (status >= 200 && status < 300) || status === 304;
  if (!fine) return [`${where}: the server answered ${status}, ${expected ? `the doc shows ${expected}` : 'not a success'}: ${body.slice(0, 400)}`];
  return [];
}

/** What curl said. */
interface Answer {
  readonly code: number;
  readonly status: number;
  readonly body: string;
  readonly stderr: string;
}

/** Runs a request to its end; the status comes from `--write-out`. */
function request(args: readonly string[], cwd: string): Promise<Answer> {
  return new Promise((resolve) => {
    execFile('curl', [...args, '--silent', '--show-error', '--max-time', '15', '--write-out', '\n%{http_code}'], { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const lines = stdout.trimEnd().split('\n');
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, status: Number(lines.at(-1)), body: lines.slice(0, -1).join('\n'), stderr });
    });
  });
}

/**
 * Opens a stream with the response headers included, and cuts it once the headers and the first
 * bytes of the body have arrived (a stream never ends by itself).
 */
function firstEvent(args: readonly string[], cwd: string): Promise<Answer> {
  return new Promise((resolve) => {
    const child = spawn('curl', [...args, '--silent', '--show-error', '--include', '--max-time', '15'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let cut = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const headersEnd = stdout.search(/\r?\n\r?\n/);
      if (headersEnd >= 0 && stdout.slice(headersEnd).trim()) {
        cut = true;
        child.kill();
      }
    });
    child.on('close', (exitCode) => {
      const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1] ?? 0);
      const body = stdout.slice(Math.max(0, stdout.search(/\r?\n\r?\n/))).trim();
      resolve({ code: cut ? 0 : (exitCode ?? 1), status, body, stderr });
    });
  });
}
