/** Search every session's log (/search): what the app may use of this feature. */
export { SearchPage } from "./components/SearchPage";
