/// <reference types="vite/types/importMeta.d.ts" />
// The core's unit tests once more, inside workerd, to prove core runs unchanged there. One file
// imports them all (vite's import.meta.glob), so workerd loads the core's modules once instead of
// once per test file; a failure still names the test's describe and it.
import.meta.glob(['../core/**/*.test.ts', '../runtime/**/*.test.ts'], { eager: true });
