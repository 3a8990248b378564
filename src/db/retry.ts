// Write transactions that lose a deadlock (40P01) or a serialization conflict (40001) to a concurrent
// writer are run again, a few times, after a short random pause: PostgreSQL rolled the loser back
// whole, so running it again is safe, and the caller sees a success instead of a 500. Parallel
// package_create calls sharing tags deadlocked in the tag insert before the lock order was fixed;
// the retry covers the orders no code can fix (index pages, foreign-key checks, triggers).

export const RETRYABLE = new Set(['40P01', '40001']);
export const MAX_ATTEMPTS = 5;

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with anything but a retryable conflict, or has been tried
 * MAX_ATTEMPTS times. `onRetry` lets the caller discard what the failed attempt queued (after-commit hooks).
 */
export async function retryConflicts<T>(
  attempt: () => Promise<T>,
  onRetry: (n: number, err: unknown) => void = () => {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err) || n >= MAX_ATTEMPTS) throw err;
      onRetry(n, err);
      // Randomised and growing, so the writers that collided do not collide again in step.
      await pause(Math.random() * 20 * n + 5);
    }
  }
}
