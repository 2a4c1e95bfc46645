// Moved to test/helpers/on-both-databases.ts. This re-export only keeps test/email/edge-cases.test.ts
// (edited on another branch this round) compiling; point its import at the helper and delete this file.
export { describeOnBothDatabases, type Backend } from '../helpers/on-both-databases.js';
