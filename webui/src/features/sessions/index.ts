/** The sessions list (/) and the new-session form (/new): what the app may use of this feature. */
export { NewSessionPage } from "./components/NewSessionPage";
export { SessionsPage } from "./components/SessionsPage";
