/**
 * Search every session's log (/search?q=…): the form's fields are the address's query,
 * so a search can be shared; results come newest first, grouped by session and phase.
 */

import { useState } from "react";
import type { FormEvent } from "react";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { useProjects } from "../../../hooks/useProjects";
import { searchEvents } from "../../../lib/api/read";
import type { SearchQuery } from "../../../lib/api/read";
import type { SearchGroup, SearchPage as Page } from "../../../lib/api/types";
import { COMMON_TOOLS, KIND_GROUPS } from "../../../lib/logKinds";
import { href, navigate } from "../../../lib/navigation";
import { SearchResults } from "./SearchResults";

const FIELDS = ["q", "project", "kind", "tool", "errors", "since", "until"] as const;
type Field = (typeof FIELDS)[number];
type Form = Record<Field, string>;

function formOf(params: URLSearchParams): Form {
  const form = {} as Form;
  for (const field of FIELDS) form[field] = params.get(field) ?? "";
  return form;
}

/** The request a form stands for; dates are whole days in the browser's time zone. */
function queryOf(form: Form): SearchQuery {
  const day = (value: string, next = false) => {
    if (!value) return undefined;
    const date = new Date(`${value}T00:00:00`);
    if (next) date.setDate(date.getDate() + 1);
    return date.toISOString();
  };
  const group = KIND_GROUPS.find((g) => g.name === form.kind);
  return {
    q: form.q,
    project: form.project || undefined,
    kind: group ? group.kinds.join(",") : undefined,
    tool: form.tool || undefined,
    errors: form.errors === "true" || form.kind === "errors",
    since: day(form.since),
    until: day(form.until, true),
  };
}

export function SearchPage({ params }: { params: URLSearchParams }) {
  const submitted = formOf(params);
  const [form, setForm] = useState<Form>(submitted);
  const projects = useProjects();
  const key = FIELDS.map((field) => submitted[field]).join("|");
  const [result, retry] = useLoad<Page | null>(
    () => (submitted.q.trim() ? searchEvents(queryOf(submitted)) : Promise.resolve(null)),
    key,
  );
  const [more, setMore] = useState<{ key: string; groups: SearchGroup[]; next: string | null }>();
  const extra = more?.key === key ? more : undefined;

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(href("/search", form));
  };
  const next = extra ? extra.next : result.state === "done" ? (result.value?.next ?? null) : null;
  const loadMore = async () => {
    if (next === null) return;
    const page = await searchEvents({ ...queryOf(submitted), cursor: next });
    setMore({ key, groups: [...(extra?.groups ?? []), ...page.groups], next: page.next });
  };

  return (
    <section className="search-page">
      <div className="page-head">
        <h1>Search</h1>
      </div>
      <form className="search-form" role="search" onSubmit={submit}>
        <input
          type="search"
          aria-label="Search the logs"
          placeholder='Words, "a phrase", or, -word'
          value={form.q}
          onChange={set("q")}
          autoFocus
        />
        <select aria-label="Project" value={form.project} onChange={set("project")}>
          <option value="">All projects</option>
          {projects.list.items.map((p) => (
            <option key={p.id} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
        <select aria-label="Kind" value={form.kind} onChange={set("kind")}>
          <option value="">Everything</option>
          {KIND_GROUPS.map((group) => (
            <option key={group.name} value={group.name}>
              {group.label}
            </option>
          ))}
          <option value="errors">Errors</option>
        </select>
        <select aria-label="Tool" value={form.tool} onChange={set("tool")}>
          <option value="">Any tool</option>
          {COMMON_TOOLS.map((tool) => (
            <option key={tool} value={tool}>
              {tool}
            </option>
          ))}
        </select>
        <label className="date-field">
          from <input type="date" value={form.since} onChange={set("since")} />
        </label>
        <label className="date-field">
          to <input type="date" value={form.until} onChange={set("until")} />
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      {result.state === "loading" && <Loading what="matches" />}
      {result.state === "failed" && <ErrorNote error={result.error} onRetry={retry} />}
      {result.state === "done" && result.value === null && (
        <EmptyState title="Search every session's log.">
          Assistant text, thinking, prompts, tool calls and their results, errors.
        </EmptyState>
      )}
      {result.state === "done" && result.value && result.value.groups.length === 0 && (
        <EmptyState title={`Nothing matches “${result.value.query}”.`} />
      )}
      {result.state === "done" && result.value && result.value.groups.length > 0 && (
        <SearchResults
          groups={[...result.value.groups, ...(extra?.groups ?? [])]}
          query={result.value.query}
        />
      )}
      {next !== null && (
        <button type="button" className="button load-more" onClick={() => void loadMore()}>
          Load older matches
        </button>
      )}
    </section>
  );
}
