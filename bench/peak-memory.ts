/**
 * Peak memory of one task, measured in a child process of its own (started with --expose-gc), so
 * that neither this process's heap nor the other benchmarks' garbage shows in the numbers. The
 * child collects garbage on its main thread only (--single-threaded-gc): then when it collects
 * follows what the task allocates, not how many cores are free, and peaks repeat run to run.
 *
 * A task is a named export of a module: `(probe) => Promise<unknown>`. It calls `probe` at its
 * natural checkpoints (each piece of input read, each batch written), where memory is sampled;
 * a timer samples too whenever the task lets the event loop turn. See peak-memory-child.ts.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Samples memory; a task calls it at its checkpoints. */
export type Probe = () => void;

/** A task whose memory is measured. What it returns is kept alive until `retained` is read. */
export type MemoryTask = (probe: Probe) => Promise<unknown>;

/** Memory of one task, in MB above the idle process (after gc, before the task). */
export interface PeakMemory {
  /** Highest `heapUsed` seen, above idle. */
  readonly heapPeakMB: number;
  /** Highest resident set size seen, above idle. */
  readonly rssPeakMB: number;
  /** `heapUsed` after the task and a gc, with its result still held (for an import: the store). */
  readonly heapRetainedMB: number;
  /** Idle `heapUsed` and rss the peaks are measured from. */
  readonly heapIdleMB: number;
  readonly rssIdleMB: number;
  /** How many samples were taken. */
  readonly samples: number;
  /** How long the task ran, in ms (with sampling, so a little slower than a timed run). */
  readonly ms: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./peak-memory-child.ts', import.meta.url));

/**
 * Runs `module`'s export `task` in a fresh Node process and returns its peak memory.
 *
 * @example
 * const peak = await measurePeakMemory(import.meta.url, 'importTask');
 */
export function measurePeakMemory(module: string, task: string): Promise<PeakMemory> {
  return new Promise((resolve, reject) => {
    const proc = fork(child, [module, task], {
      cwd: root,
      execArgv: ['--expose-gc', '--single-threaded-gc', '--conditions=rapport-source', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: PeakMemory | undefined;
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
    proc.on('message', (message) => (result = message as PeakMemory));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`Memory measurement failed: ${task} in ${module} (exit code ${code})\n${stderr}`));
    });
  });
}
