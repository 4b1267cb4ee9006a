/** Runs `act` and returns what it threw, so a test can assert on the error's class and message separately. */
export function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it returned');
}
