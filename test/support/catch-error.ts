/** Runs `act` and returns what it threw, so a test can assert on the error's class and message separately. */
export function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it returned');
}

/** Awaits `promise` and returns what it rejected with, so a test can assert on the error's class and message separately. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
