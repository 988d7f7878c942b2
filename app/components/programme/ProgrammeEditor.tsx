/**
 * The editor pages campaigns and challenges share: the fields as typed (or as a refused post
 * echoed them), the errors under them, what is posting, and the page around the form: a
 * Paused badge, Pause/Resume and Archive, a warning for a row that does not read as stored
 * and the "Nothing was saved" banner.
 */
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { useState, type ReactNode } from "react";

/** Every field is posted with the intent (save, preview, pause, resume, archive). */
export function useProgrammeEditor<F extends Record<string, string>>(loadedFields: F) {
  const answer = useActionData<{ fields?: F; errors?: Record<string, string> }>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [fields, setFields] = useState<F>(answer?.fields ?? loadedFields);
  const errors: Record<string, string> = answer?.errors ?? {};
  const busyWith = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  /** `extra`: what the page posts beside the fields (the simulator's period). */
  const post = (intent: string, extra: Record<string, string> = {}) =>
    submit({ ...fields, ...extra, intent }, { method: "post" });
  const onChange = (name: string, value: string) => setFields((current) => ({ ...current, [name]: value }));
  return { fields, errors, busyWith, post, onChange };
}

export function ProgrammeEditorPage({
  title,
  subtitle,
  back,
  isNew,
  active,
  busyWith,
  post,
  problemTitle,
  problem,
  errors,
  fixHint,
  errorKeys = ["form"],
  children,
}: {
  title: string;
  subtitle?: string;
  back: { content: string; url: string };
  isNew: boolean;
  active: boolean;
  busyWith: string | null;
  post: (intent: string) => void;
  /** Heads the warning for a stored row that does not read, such as "This campaign cannot run as stored". */
  problemTitle: string;
  problem: string | null;
  errors: Record<string, string>;
  /** Ends "Nothing was saved. Fix the fields marked below, then …". */
  fixHint: string;
  /** Errors that belong to no one field, shown in the banner. */
  errorKeys?: string[];
  children: ReactNode;
}) {
  return (
    <Page
      title={title}
      titleMetadata={isNew || active ? undefined : <Badge>Paused</Badge>}
      subtitle={subtitle}
      backAction={back}
      secondaryActions={
        isNew
          ? []
          : [
              {
                content: active ? "Pause" : "Resume",
                loading: busyWith === "pause" || busyWith === "resume",
                onAction: () => post(active ? "pause" : "resume"),
              },
              {
                content: "Archive",
                destructive: true,
                loading: busyWith === "archive",
                onAction: () => post("archive"),
              },
            ]
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {problem && (
              <Banner tone="warning" title={problemTitle}>
                <p>{problem} Fill in the form again and save to fix it.</p>
              </Banner>
            )}
            {Object.keys(errors).length > 0 && (
              <Banner tone="critical" title="Some fields need a second look">
                <p>Nothing was saved. Fix the fields marked below, then {fixHint}.</p>
                {errorKeys.map((key) => errors[key] && <p key={key}>{errors[key]}</p>)}
              </Banner>
            )}
            {children}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
