/** Registered projects (/projects): what the app may use of this feature. */
export { ProjectsPage } from "./components/ProjectsPage";
