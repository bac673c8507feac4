import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";

import { app } from "./lib/state/app.svelte";

// Before the first render: the core reads the register while WebKit lays out the page.
app.prefetch();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
