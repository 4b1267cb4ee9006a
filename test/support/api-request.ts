/** The bindings every HTTP unit test runs with: two accepted tokens, and the host handler tasks call. */
export const TEST_ENV = { SCHEDULER_API_TOKENS: 'token-a,token-b', SCHEDULER_ALLOWED_HOSTS: 'hooks.example.com' };

/** Headers that authenticate with the first configured token. */
export const AUTHORIZED = { Authorization: 'Bearer token-a' };
