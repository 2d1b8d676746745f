import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { createServices } from "./app/services";
import { ServicesContext } from "./hooks/useServices";
import { exposeDiagnostics } from "./lib/feed/diagnostics";
import "./styles.css";

const services = createServices();
exposeDiagnostics();
services.feed.start();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <ServicesContext.Provider value={services}>
    <App />
  </ServicesContext.Provider>,
);
