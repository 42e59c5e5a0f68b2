import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a command and resolves with the first match of `ready` in its output, e.g. the URL a
 * server prints. Rejects if the process exits or stays silent for `timeoutMs`.
 */
export function startProcess(
  command: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 20_000,
  env?: Record<string, string>,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${command} ${args.join(' ')} printed nothing matching ${ready} within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}
