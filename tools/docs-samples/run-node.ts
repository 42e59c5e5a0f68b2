/**
 * Runs one Node sample in its own process, as `node --conditions=rapport-source --import tsx`
 * (workspace packages resolve to their sources), and decides whether it passed: its module must
 * finish without throwing, and the process must end cleanly, by itself or on SIGTERM soon after
 * (a sample that starts a server keeps running until asked to stop).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./node-entry.ts', import.meta.url));

/** How a Node sample ended. */
export interface NodeRunResult {
  readonly ok: boolean;
  /** Why it failed, in a sentence. */
  readonly reason?: string;
  /** What it printed (stdout and stderr, interleaved, at most ~20,000 characters). */
  readonly output: string;
  readonly ms: number;
  /**
   * When the module threw: the index of the chain's block it was running (-1: before the first,
   * such as a failed import). Undefined when the module ran to its end.
   */
  readonly failedBlock?: number;
}

/** How to run a Node sample. */
export interface NodeRunOptions {
  readonly cwd: string;
  /** Added to (or, when `undefined`, removed from) the runner's environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The whole run's limit. */
  readonly timeoutMs: number;
  /**
   * How long a process may keep running after its module finished before it gets SIGTERM.
   * Samples that register node:test tests need the time to run them.
   */
  readonly graceMs: number;
  /** How long a process may take to end on SIGTERM before it is killed (default 5 s). */
  readonly killAfterMs?: number;
}

/** A started Node sample. */
export interface NodeRun {
  /**
   * Settles once the sample's module has run (or the process ended): from then on the process
   * waits at most, so a runner that limits how many samples run at once can start the next one.
   */
  readonly busy: Promise<void>;
  /** The verdict; never rejects. */
  readonly result: Promise<NodeRunResult>;
}

/**
 * Starts `file` in its own process.
 *
 * @example
 * const { result } = runNodeSample('.docs-samples/docs-core-md-L7/sample.ts', { cwd, env: {}, timeoutMs: 30_000, graceMs: 3_000 });
 * (await result).ok;
 */
export function runNodeSample(file: string, options: NodeRunOptions): NodeRun {
  const started = performance.now();
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const [name, value] of Object.entries(options.env)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, ['--conditions=rapport-source', '--import', 'tsx', entry, file], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let finished = false;
  let failedBlock: number | undefined;
  let markBusyDone = () => {};
  const busy = new Promise<void>((resolve) => (markBusyDone = resolve));
  let terminated = false;
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  const terminate = () => {
    terminated = true;
    child.kill('SIGTERM');
    timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 5_000));
  };
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    const failed = /failed (-?\d+)/.exec(String(chunk));
    if (failed) failedBlock = Number(failed[1]);
    if (finished || !String(chunk).includes('done')) return;
    finished = true;
    markBusyDone();
    timers.push(setTimeout(terminate, options.graceMs));
  });
  timers.push(
    setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs),
  );
  const result = new Promise<NodeRunResult>((resolve) => {
    child.once('close', (code, signal) => {
      markBusyDone();
      for (const timer of timers) clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const fail = (reason: string) => resolve({ ok: false, reason, output, ms, ...(failedBlock === undefined ? {} : { failedBlock }) });
      if (timedOut) fail(`did not finish within ${options.timeoutMs / 1000} s${finished ? ' (its module ran, but the process did not end)' : ''}`);
      else if (!finished) fail(`threw before its module finished (exit code ${code ?? signal})`);
      else if (code === 0 || (terminated && signal === 'SIGTERM')) resolve({ ok: true, output, ms });
      else if (terminated) fail(`did not end cleanly on SIGTERM (${code ?? signal})`);
      else fail(`its module ran, but the process then exited with code ${code ?? signal} (an error afterwards, or failed tests)`);
    });
  });
  return { busy, result };
}
