/** The user-sessions job under another file name, for the kit's own tests (sessions.test.ts). */
export { v1 } from '../../jobs/user-sessions.js';
