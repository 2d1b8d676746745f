/** One session, live (/sessions/{ref}): what the app may use of this feature. */
export { SessionPage } from "./components/SessionPage";
export { SESSION_TABS } from "./components/SessionTabs";
export type { SessionTab } from "./components/SessionTabs";
