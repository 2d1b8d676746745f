/** One session, live (/sessions/{ref}): what the app may use of this feature. */
export { SessionPage } from "./components/SessionPage";
export { SESSION_TABS } from "./components/SessionPage";
export type { SessionTab } from "./components/SessionPage";
