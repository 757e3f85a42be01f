/**
 * Like Promise.all, but when one fails it still waits for the others before rejecting (with
 * the first failure). Promise.all rejects at once and leaves the siblings running: their
 * queries keep holding pool connections after the request has answered, so a burst of
 * failures would starve the requests that come next.
 */
export async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
