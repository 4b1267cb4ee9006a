/** The bindings every HTTP unit test runs with: two accepted tokens. */
export const TEST_ENV = { SCHEDULER_API_TOKENS: 'token-a,token-b' };

/** Headers that authenticate with the first configured token. */
export const AUTHORIZED = { Authorization: 'Bearer token-a' };
