/**
 * The list pages campaigns and challenges share: the row actions' state (what is posting,
 * which row is being archived, a toast when one is done), the saved and refused banners,
 * the first-run card, and the rows in sections by phase, each with its title, phase badge,
 * summary (or why it cannot be used as stored) and row actions.
 */
import { useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import { PhaseBadge, RowActions, type RowIntent } from "./RowActions";

type ListAnswer<I extends string> = { done: I } | { error: string; message: string } | undefined;

/** Posts `intent` with the row's id under `idName`; toasts the intent's message when it is done. */
export function useProgrammeRowActions<I extends string>(
  result: ListAnswer<I>,
  idName: string,
  doneMessages: Record<I, string>,
) {
  const navigation = useNavigation();
  const submit = useSubmit();
  const [archiving, setArchiving] = useState<{ id: string; title: string } | null>(null);
  const busy = navigation.state === "submitting" ? navigation.formData : null;
  const done = result && "done" in result ? result.done : null;
  useEffect(() => {
    if (done && typeof window !== "undefined") window.shopify?.toast?.show(doneMessages[done]);
    if (done === "archive") setArchiving(null);
  }, [done, result, doneMessages]);
  const act = (intent: I | RowIntent, id: string) => submit({ intent, [idName]: id }, { method: "post" });
  return {
    busy,
    act,
    rowBusy: (id: string) => busy?.get(idName) === id && busy.get("intent") !== "archive",
    onArchive: setArchiving,
    archiveModal: {
      archiving,
      busy: busy?.get("intent") === "archive",
      onClose: () => setArchiving(null),
      onArchive: (id: string) => act("archive", id),
    },
  };
}

export type ProgrammeRowActions = ReturnType<typeof useProgrammeRowActions<RowIntent>>;

/** "“Title” saved" after a save, and what a refused list action said. */
export function ProgrammeListBanners({
  saved,
  savedText,
  result,
}: {
  saved: string | null;
  savedText: string;
  result: ListAnswer<string>;
}) {
  return (
    <>
      {saved && (
        <Banner tone="success" title={`“${saved}” saved`}>
          <p>{savedText}</p>
        </Banner>
      )}
      {result && "error" in result && (
        <Banner tone="critical">
          <p>{result.message}</p>
        </Banner>
      )}
    </>
  );
}

/** The card an empty list shows: what such rows are for, and a button to add the first. */
export function ProgrammeEmptyCard({
  title,
  children,
  addLabel,
  addUrl,
}: {
  title: string;
  children: ReactNode;
  addLabel: string;
  addUrl: string;
}) {
  return (
    <Card>
      <BlockStack gap="300" inlineAlign="start">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {children}
        </Text>
        <Button url={addUrl} variant="primary">
          {addLabel}
        </Button>
      </BlockStack>
    </Card>
  );
}

export interface ProgrammeListRow {
  id: string;
  title: string;
  phase: string;
  active: boolean;
  problem: string | null;
}

/**
 * The rows in one card per section, in the merchant's order (moving up and down is across
 * the whole list); a section with no rows shows its `empty` text, or nothing without one.
 */
export function ProgrammeSections<R extends ProgrammeListRow>({
  rows,
  sections,
  editUrl,
  cannotBeUsed,
  summary,
  actions,
}: {
  rows: R[];
  sections: readonly { phase: string; title: string; empty: string }[];
  editUrl: (id: string) => string;
  /** Starts the sentence shown for a row that does not read, such as "This campaign cannot run as stored". */
  cannotBeUsed: string;
  summary: (row: R) => ReactNode;
  actions: ProgrammeRowActions;
}) {
  return sections.map((section) => {
    const inSection = rows.filter((row) => row.phase === section.phase);
    if (inSection.length === 0 && !section.empty) return null;
    return (
      <section key={section.phase} aria-label={section.title}>
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              {section.title} ({inSection.length})
            </Text>
            {inSection.length === 0 && (
              <Text as="p" tone="subdued">
                {section.empty}
              </Text>
            )}
            {inSection.map((row) => {
              const index = rows.indexOf(row);
              return (
                <InlineStack key={row.id} align="space-between" blockAlign="start" gap="200">
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Link url={editUrl(row.id)} removeUnderline>
                        <Text as="span" variant="headingSm">
                          {row.title}
                        </Text>
                      </Link>
                      <PhaseBadge phase={row.phase} />
                    </InlineStack>
                    {row.problem ? (
                      <Text as="p" tone="critical">
                        {cannotBeUsed}: {row.problem} Open it to fix it.
                      </Text>
                    ) : (
                      summary(row)
                    )}
                  </BlockStack>
                  <RowActions
                    row={row}
                    first={index === 0}
                    last={index === rows.length - 1}
                    busy={actions.rowBusy(row.id)}
                    onAct={actions.act}
                    onArchive={actions.onArchive}
                  />
                </InlineStack>
              );
            })}
          </BlockStack>
        </Card>
      </section>
    );
  });
}
