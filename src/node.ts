/**
 * `neurite/node`: helpers that need Node.js built-ins (file paths, worker threads). Everything
 * in the main entry is re-exported too, so Node users can import from one place.
 */
export * from './index.js';
