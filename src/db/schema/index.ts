// Every table the app knows. Each area keeps its tables in its own file; add a line per file.
export * from './core.js';
export * from './outreach.js';
export * from './http.js';
export * from './slack.js';
export * from './email.js';
export * from './profile.js';
export * from './documents.js';
export * from './addenda.js';
export * from './coverage.js';
