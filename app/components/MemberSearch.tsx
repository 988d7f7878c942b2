/**
 * The members search box. It is a GET form (`?q=`), so a search is a link the merchant can
 * share or bookmark; typing submits after a short pause, Enter submits at once.
 */
import { Form, useSubmit } from "@remix-run/react";
import { TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

export const MAX_SEARCH_LENGTH = 100;
const TYPING_PAUSE_MS = 300;

export function MemberSearch({ initialQuery, error }: { initialQuery: string; error?: string }) {
  const submit = useSubmit();
  const [query, setQuery] = useState(initialQuery);
  const pending = useRef<ReturnType<typeof setTimeout>>();

  // Back/forward changes the search in the URL: show that search in the box.
  useEffect(() => setQuery(initialQuery), [initialQuery]);
  useEffect(() => () => clearTimeout(pending.current), []);

  function search(value: string) {
    clearTimeout(pending.current);
    // A new search starts at page 1, and an empty one leaves no `?q=` behind.
    const params: Record<string, string> = value.trim() ? { q: value.trim() } : {};
    submit(params, { method: "get", action: "/app", replace: true });
  }

  return (
    <Form
      method="get"
      action="/app"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        search(query);
      }}
    >
      <TextField
        label="Search members"
        labelHidden
        name="q"
        type="search"
        placeholder="Search by name or e-mail"
        autoComplete="off"
        maxLength={MAX_SEARCH_LENGTH}
        value={query}
        error={error}
        clearButton
        onClearButtonClick={() => {
          setQuery("");
          search("");
        }}
        onChange={(value) => {
          setQuery(value);
          clearTimeout(pending.current);
          pending.current = setTimeout(() => search(value), TYPING_PAUSE_MS);
        }}
      />
    </Form>
  );
}
