/**
 * The promise's outcome, or a rejection made by `timeoutError` after `ms`, whichever comes
 * first. The underlying work is not cancelled: a Redis command still queued lands later.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, timeoutError: (message: string) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(`Redis did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : timeoutError(String(error)));
      },
    );
  });
}
