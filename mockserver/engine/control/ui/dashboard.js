// The mock's dashboard: reads and changes the mock only through its admin API (/_mock).
"use strict";

const POLL_MS = 1000;
const PAGE_SIZE = 20;
const JOURNAL_SIZE = 200;
const MAX_COLUMNS = 9;
const $ = (id) => document.getElementById(id);

const state = {
  session: localStorage.getItem("mock.session") || "default",
  token: localStorage.getItem("mock.token") || "",
  apis: [],
  journal: [],
  journalKey: null,
  opened: null,
  dataset: null,
  page: 0,
  busy: false,
  errorSource: null,
  sessionsKey: "",
};

// ---- talking to the admin API -------------------------------------------------------------

async function admin(method, path, body) {
  const headers = { Accept: "application/json", "X-Mock-Session": state.session };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const answer = await fetch("/_mock" + path, init);
  const text = await answer.text();
  const data = text ? JSON.parse(text) : null;
  if (!answer.ok) {
    const why = data && data.message ? `${data.code}: ${data.message}` : answer.statusText;
    throw new Error(`${method} /_mock${path} answered ${answer.status} (${why})`);
  }
  return data;
}

// What went wrong last: a failed action stays until the next action works, a failed poll
// until the next poll works.
function report(error, source = "action") {
  if (!error && state.errorSource !== source) return;
  state.errorSource = error ? source : null;
  $("status").textContent = error ? String(error.message || error) : "";
  $("status").className = error ? "error" : "";
}

async function act(work) {
  try {
    await work();
    report(null);
  } catch (error) {
    report(error);
  }
}

// ---- small DOM helpers (text only: nothing from the mock is parsed as HTML) ---------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function short(value, limit = 60) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return "";
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
}

function pretty(value) {
  return el("pre", {}, typeof value === "string" ? value : JSON.stringify(value, null, 2));
}

function statusClass(status) {
  if (status === null || status === undefined) return "s-none";
  return "s-" + String(status)[0];
}

// ---- APIs and sessions ---------------------------------------------------------------------

async function loadApis() {
  state.apis = (await admin("GET", "/apis")).apis;
  $("apis").replaceChildren(
    ...state.apis.map((api) =>
      el("a", { href: "/docs/" + api.name, title: `${api.operations} operations: docs` },
        el("b", {}, api.title), " ", el("code", {}, api.basePath))),
    el("a", { href: "/docs/_mock", title: "the admin API's docs" }, el("code", {}, "/_mock")),
  );
  const options = state.apis.map((api) => el("option", { value: api.name }, api.title));
  $("records-api").replaceChildren(...options);
  $("fault-form").elements.api.replaceChildren(
    el("option", { value: "" }, "any"),
    ...state.apis.map((api) => el("option", { value: api.name }, api.name)));
}

async function loadSessions() {
  const found = (await admin("GET", "/sessions")).sessions;
  if (!found.some((s) => s.id === state.session)) state.session = "default";
  const labels = found.map((s) => [s.id, `${s.id} (${s.requests} requests, ${s.faults} faults)`]);
  const key = state.session + JSON.stringify(labels);
  if (key === state.sessionsKey) return; // rebuilding an open <select> would close it
  state.sessionsKey = key;
  $("session-select").replaceChildren(...labels.map(([id, label]) =>
    el("option", { value: id, selected: id === state.session }, label)));
}

async function switchSession(id) {
  state.session = id;
  localStorage.setItem("mock.session", id);
  state.journalKey = null;
  state.opened = null;
  $("entry").hidden = true;
  await Promise.all([loadSessions(), refresh(), loadRecords()]);
}

// ---- the journal ---------------------------------------------------------------------------

// Entries carry their bodies, so the page asks for the list only when the newest one changed.
async function loadJournal() {
  const newest = (await admin("GET", "/requests?limit=1")).requests;
  if (journalKey(newest) === state.journalKey) return;
  const entries = (await admin("GET", "/requests?limit=" + JOURNAL_SIZE)).requests;
  state.journalKey = journalKey(entries);
  state.journal = entries.reverse();
  renderJournal();
}

function journalKey(entries) {
  return entries.length ? String(entries[entries.length - 1].id) : "none";
}

function faultText(fault) {
  if (!fault) return "";
  const parts = ["rule " + fault.rules.join(",")];
  if (fault.status) parts.push(String(fault.status));
  if (fault.latencyMs) parts.push(`+${Math.round(fault.latencyMs)} ms`);
  if (fault.reset) parts.push("dropped");
  return parts.join(" ");
}

function renderJournal() {
  const words = $("journal-filter").value.trim().toLowerCase();
  const shown = state.journal.filter((e) => !words ||
    [e.method, e.path, e.operationId, e.status].join(" ").toLowerCase().includes(words));
  $("journal-count").textContent = `${shown.length} of ${state.journal.length}`;
  const seen = [...new Set(state.journal.map((e) => e.operationId).filter(Boolean))].sort();
  $("operation-ids").replaceChildren(...seen.map((id) => el("option", { value: id })));
  $("journal").tBodies[0].replaceChildren(...shown.map((e) => {
    const row = el("tr", { className: e.id === state.opened ? "opened" : "" },
      el("td", {}, e.id), el("td", {}, e.time.slice(11, 23)), el("td", {}, e.method),
      el("td", { className: "path" }, e.path + queryText(e.query)),
      el("td", {}, e.operationId || "—"),
      el("td", { className: "status " + statusClass(e.status) }, e.status ?? "dropped"),
      el("td", { className: "num" }, e.latencyMs.toFixed(1) + " ms"),
      el("td", { className: e.fault ? "fault" : "" }, faultText(e.fault)));
    row.dataset.id = e.id;
    row.addEventListener("click", () => openEntry(e.id));
    return row;
  }));
}

function queryText(query) {
  const pairs = Object.entries(query || {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((one) => `${k}=${one}`));
  return pairs.length ? "?" + pairs.join("&") : "";
}

function openEntry(id) {
  const e = state.journal.find((item) => item.id === id);
  if (!e) return;
  state.opened = id;
  renderJournal();
  const box = $("entry");
  const parts = [
    el("h3", {}, `#${e.id} ${e.method} ${e.path}`, " ",
      el("span", { className: "status " + statusClass(e.status) }, e.status ?? "dropped")),
    el("p", {}, `${e.api || "no API"} · ${e.operationId || "no operation"} · ${e.time}` +
      ` · mock time ${e.mockTime} · ${e.latencyMs.toFixed(1)} ms`),
  ];
  if (e.error) {
    const label = e.status === 400 ? "Validation message" : "Error message";
    parts.push(el("h4", {}, label), el("p", { className: "message" }, e.error));
  }
  if (e.fault) parts.push(el("h4", {}, "Fault applied"), pretty(e.fault));
  parts.push(el("h4", {}, "Request"));
  if (Object.keys(e.query).length) parts.push(el("h5", {}, "Query"), pretty(e.query));
  parts.push(el("h5", {}, "Headers"), pretty(e.headers));
  parts.push(...bodyParts(e));
  parts.push(el("h4", {}, "Response"));
  if (e.response) {
    parts.push(el("h5", {}, "Headers"), pretty(e.response.headers), ...bodyParts(e.response));
  } else {
    parts.push(el("p", { className: "muted" }, "No answer: the connection was dropped."));
  }
  parts.push(el("button", { type: "button", onclick: () => { box.hidden = true; } }, "Close"));
  box.replaceChildren(...parts);
  box.hidden = false;
}

// A recorded body (of a request or its answer): parsed JSON, else text, else its size.
function bodyParts({ body, bodyText, bodySize, bodyTruncated }) {
  const heading = el("h5", {}, `Body (${bodySize} bytes${bodyTruncated ? ", truncated" : ""})`);
  if (body !== null && body !== undefined) return [heading, pretty(body)];
  if (bodyText) return [heading, pretty(bodyText)];
  return [heading, el("p", { className: "muted" }, bodySize ? "(binary, not shown)" : "(empty)")];
}

// ---- clock and faults ----------------------------------------------------------------------

async function loadClock() {
  const clock = await admin("GET", "/clock");
  $("clock-now").textContent = clock.now;
  $("clock-mode").textContent = clock.frozen ? "frozen" : "running";
  $("clock-freeze").textContent = clock.frozen ? "Unfreeze" : "Freeze";
  $("clock-freeze").dataset.frozen = clock.frozen;
}

function ruleMatch(rule) {
  const parts = [rule.api, rule.operationId, rule.method, rule.path].filter(Boolean);
  return parts.length ? parts.join(" ") : "every API request";
}

function ruleEffect(rule) {
  const parts = [];
  if (rule.status) parts.push(`answer ${rule.status}`);
  if (rule.latencyMs) parts.push(`wait ${JSON.stringify(rule.latencyMs)} ms`);
  if (rule.reset) parts.push("drop the connection");
  if (rule.probability !== undefined && rule.probability < 1) parts.push(`p=${rule.probability}`);
  if (rule.times) parts.push(`${rule.times}×`);
  return parts.join(", ");
}

async function removeFault(id) {
  await admin("DELETE", `/faults/${id}`);
  await loadFaults();
}

async function loadFaults() {
  const faults = (await admin("GET", "/faults")).faults;
  const rows = faults.map((rule) => el("tr", {},
    el("td", {}, rule.id), el("td", {}, ruleMatch(rule)), el("td", {}, ruleEffect(rule)),
    el("td", { className: "num" }, rule.hits),
    el("td", {}, el("button", {
      type: "button", title: `remove rule ${rule.id}`, onclick: () => act(() => removeFault(rule.id)),
    }, "Remove"))));
  const none = el("tr", {}, el("td", { colSpan: 5, className: "muted" }, "No fault rules."));
  $("faults").tBodies[0].replaceChildren(...(rows.length ? rows : [none]));
}

function ruleFromForm(form) {
  const rule = {};
  for (const name of ["api", "operationId", "method", "path"]) {
    const value = form.elements[name].value.trim();
    if (value) rule[name] = value;
  }
  for (const name of ["status", "latencyMs", "probability", "times"]) {
    const value = form.elements[name].value.trim();
    if (value) rule[name] = Number(value);
  }
  const body = form.elements.body.value.trim();
  if (body) rule.body = JSON.parse(body);
  if (form.elements.drop.checked) rule.reset = true;
  return rule;
}

// ---- records -------------------------------------------------------------------------------

async function loadRecords() {
  const api = $("records-api").value;
  if (!api) return;
  state.dataset = await admin("GET", "/snapshot?api=" + encodeURIComponent(api));
  const names = Object.keys(state.dataset).filter((k) => Array.isArray(state.dataset[k]));
  const select = $("records-resource");
  const keep = names.includes(select.value) ? select.value : names[0];
  select.replaceChildren(...names.map((n) =>
    el("option", { value: n, selected: n === keep }, `${n} (${state.dataset[n].length})`)));
  renderRecords();
}

function renderRecords() {
  const rows = (state.dataset && state.dataset[$("records-resource").value]) || [];
  const words = $("records-search").value.trim().toLowerCase();
  const found = words ? rows.filter((r) => JSON.stringify(r).toLowerCase().includes(words)) : rows;
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const slice = found.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
  const columns = [...new Set(found.slice(0, 50).flatMap((r) => Object.keys(r)))]
    .filter((c) => !["content", "contentBase64"].includes(c)).slice(0, MAX_COLUMNS);
  $("records").tHead.replaceChildren(el("tr", {}, ...columns.map((c) => el("th", {}, c))));
  $("records").tBodies[0].replaceChildren(...slice.map((record) =>
    el("tr", { title: JSON.stringify(record, null, 1).slice(0, 2000) },
      ...columns.map((c) => el("td", {}, short(record[c]))))));
  $("records-page").textContent =
    `page ${state.page + 1} of ${pages} · ${found.length} record${found.length === 1 ? "" : "s"}`;
  $("records-prev").disabled = state.page === 0;
  $("records-next").disabled = state.page >= pages - 1;
}

// ---- wiring ----------------------------------------------------------------------------------

async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    const work = [loadClock(), loadFaults(), loadSessions()];
    if (!$("journal-pause").checked) work.push(loadJournal());
    await Promise.all(work);
    report(null, "poll");
  } catch (error) {
    report(error, "poll");
  } finally {
    state.busy = false;
  }
}

async function snapshotDownload() {
  const data = await admin("GET", "/snapshot");
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const link = el("a", {
    href: URL.createObjectURL(blob),
    download: `snapshot-${state.session}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  });
  document.body.append(link);
  link.click();
  link.remove();
}

function wire() {
  $("token").value = state.token;
  $("token-form").addEventListener("submit", (ev) => ev.preventDefault());
  $("token").addEventListener("change", (ev) => {
    state.token = ev.target.value.trim();
    localStorage.setItem("mock.token", state.token);
    act(start);
  });
  $("session-select").addEventListener("change",
    (ev) => act(() => switchSession(ev.target.value)));
  $("session-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = $("session-new").value.trim();
    act(async () => {
      await admin("PUT", "/sessions/" + encodeURIComponent(id), {});
      await switchSession(id);
    });
  });
  $("journal-filter").addEventListener("input", renderJournal);
  $("journal-clear").addEventListener("click", () => act(async () => {
    await admin("DELETE", "/requests");
    await loadJournal();
  }));
  $("clock-freeze").addEventListener("click", () => act(async () => {
    const frozen = $("clock-freeze").dataset.frozen === "true";
    await admin("PUT", "/clock", { frozen: !frozen });
    await loadClock();
  }));
  $("clock-advance").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const seconds = Number($("clock-seconds").value);
    act(async () => { await admin("POST", "/clock/advance", { seconds }); await loadClock(); });
  });
  $("clock-set").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const now = $("clock-instant").value.trim();
    act(async () => { await admin("PUT", "/clock", { now }); await loadClock(); });
  });
  $("reset").addEventListener("click", () => act(async () => {
    await admin("POST", "/reset");
    await admin("DELETE", "/requests");
    await Promise.all([loadJournal(), loadClock(), loadRecords()]);
  }));
  $("snapshot").addEventListener("click", () => act(snapshotDownload));
  $("fault-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act(async () => {
      await admin("POST", "/faults", ruleFromForm(ev.target));
      ev.target.reset();
      await loadFaults();
    });
  });
  $("records-api").addEventListener("change", () => act(loadRecords));
  $("records-reload").addEventListener("click", () => act(loadRecords));
  $("records-resource").addEventListener("change", () => { state.page = 0; renderRecords(); });
  $("records-search").addEventListener("input", () => { state.page = 0; renderRecords(); });
  $("records-prev").addEventListener("click", () => { state.page -= 1; renderRecords(); });
  $("records-next").addEventListener("click", () => { state.page += 1; renderRecords(); });
}

async function start() {
  await loadApis();
  await loadSessions();
  await Promise.all([refresh(), loadRecords()]);
  document.body.dataset.ready = "true";
}

wire();
act(start);
setInterval(refresh, POLL_MS);
