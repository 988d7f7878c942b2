/**
 * One challenge, milestone or streak, created ("new", ?kind=) or edited: the kind's form
 * parsed by parseChallengeForm (app/domain/challenges/form.ts). A refused post answers 400
 * with a message under each field and the fields as typed; a save goes back to the list.
 * The kind of a stored one stays; a catalogue reward must be the shop's own; another shop's
 * challenge is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSubmit,
} from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { adminUrl } from "../admin/admin-url";
import { readAdminForm } from "../admin/form-body.server";
import { programmeChoices } from "../campaigns/programme-names.server";
import {
  archiveChallenge,
  createChallenge,
  ProgrammeRowNotFoundError,
  readChallenge,
  setChallengeActive,
  updateChallenge,
} from "../challenges/challenge-admin.server";
import { ChallengeFormSections } from "../components/challenges/ChallengeFormSections";
import { db } from "../db.server";
import { isChallengeKind, type ChallengeKind } from "../domain/challenges/definition";
import { KIND_LABELS } from "../domain/challenges/admin-summary";
import {
  blankChallengeFields,
  challengeToFields,
  parseChallengeForm,
  type ChallengeFields,
} from "../domain/challenges/form";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.isNew ? `New ${data.kind}` : (data?.title ?? "Challenge")} · Loyalty Bazaar` },
];

function notFound(): Response {
  return new Response("This challenge is not in your programme.", { status: 404 });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const isNew = params.challengeId === "new";
  const found = isNew ? null : await readChallenge(db, shop.id, params.challengeId ?? "");
  if (!isNew && !found) throw notFound();
  const asked = new URL(request.url).searchParams.get("kind") ?? "";
  const kind: ChallengeKind =
    found && isChallengeKind(found.record.kind) ? found.record.kind : isChallengeKind(asked) ? asked : "challenge";
  const fields: ChallengeFields = found?.challenge
    ? challengeToFields(found.challenge, shop)
    : { ...blankChallengeFields(kind), title: found?.record.title ?? "" };
  return {
    isNew,
    kind,
    id: found?.record.id ?? null,
    title: found?.record.title ?? null,
    active: found?.record.active ?? true,
    problem: found?.error ?? null,
    fields,
    rewards: (await programmeChoices(db, shop.id)).rewards,
    timeZone: shop.timeZone,
    currencyCode: shop.currencyCode,
  };
};

const FIELD_NAME = /^[A-Za-z][\w.]{0,40}$/;
const MAX_FIELDS = 100;

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const isNew = params.challengeId === "new";
  const existing = isNew ? null : await readChallenge(db, shop.id, params.challengeId ?? "");
  if (!isNew && !existing) throw notFound();
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "save");
  try {
    if (existing && (intent === "pause" || intent === "resume")) {
      await setChallengeActive(db, shop.id, existing.record.id, intent === "resume");
      return { done: intent };
    }
    if (existing && intent === "archive") {
      await archiveChallenge(db, shop.id, existing.record.id);
      return redirect(adminUrl(request, "/app/challenges"));
    }
    const fields: ChallengeFields = {};
    for (const [name, value] of [...form.entries()].slice(0, MAX_FIELDS)) {
      if (name !== "intent" && FIELD_NAME.test(name) && typeof value === "string") fields[name] = value;
    }
    // A stored challenge keeps its kind, whatever was posted.
    if (existing) fields.kind = existing.record.kind;
    const rewardIds = (await programmeChoices(db, shop.id)).rewards.map((r) => r.id);
    const parsed = parseChallengeForm(fields, { timeZone: shop.timeZone, currencyCode: shop.currencyCode, rewardIds });
    if (!parsed.ok) return data({ errors: parsed.errors, fields }, { status: 400 });
    const { ok: _ok, ...write } = parsed;
    const id = existing
      ? (await updateChallenge(db, shop.id, existing.record.id, write), existing.record.id)
      : (await createChallenge(db, shop.id, write)).id;
    return redirect(adminUrl(request, "/app/challenges", { saved: id }));
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) throw notFound();
    throw error;
  }
};

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

export default function ChallengePage() {
  const loaded = useLoaderData<typeof loader>();
  return <ChallengeEditor key={`${loaded.id ?? "new"}-${loaded.kind}`} {...loaded} />;
}

function ChallengeEditor(loaded: ReturnType<typeof useLoaderData<typeof loader>>) {
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [fields, setFields] = useState<ChallengeFields>(
    (answer && "fields" in answer ? answer.fields : undefined) ?? loaded.fields,
  );
  const errors: Record<string, string> = (answer && "errors" in answer ? answer.errors : undefined) ?? {};
  const busyWith = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const post = (intent: string) => submit({ ...fields, intent }, { method: "post" });
  const onChange = (name: string, value: string) => setFields((current) => ({ ...current, [name]: value }));
  const kindLabel = KIND_LABELS[loaded.kind].toLowerCase();

  return (
    <Page
      title={loaded.isNew ? `New ${kindLabel}` : (loaded.title ?? "Challenge")}
      titleMetadata={loaded.isNew || loaded.active ? undefined : <Badge>Paused</Badge>}
      subtitle={loaded.isNew ? undefined : KIND_LABELS[loaded.kind]}
      backAction={{ content: "Challenges", url: "/app/challenges" }}
      secondaryActions={
        loaded.isNew
          ? []
          : [
              {
                content: loaded.active ? "Pause" : "Resume",
                loading: busyWith === "pause" || busyWith === "resume",
                onAction: () => post(loaded.active ? "pause" : "resume"),
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
            {loaded.problem && (
              <Banner tone="warning" title="This cannot count as stored">
                <p>{loaded.problem} Fill in the form again and save to fix it.</p>
              </Banner>
            )}
            {Object.keys(errors).length > 0 && (
              <Banner tone="critical" title="Some fields need a second look">
                <p>Nothing was saved. Fix the fields marked below, then save again.</p>
                {errors.form && <p>{errors.form}</p>}
                {errors.kind && <p>{errors.kind}</p>}
              </Banner>
            )}
            <ChallengeFormSections
              fields={fields}
              errors={errors}
              rewards={loaded.rewards}
              currencyCode={loaded.currencyCode}
              timeZone={loaded.timeZone}
              onChange={onChange}
            />
            <InlineStack align="end" gap="200">
              <Button url="/app/challenges">Cancel</Button>
              <Button variant="primary" onClick={() => post("save")} loading={busyWith === "save"}>
                {loaded.isNew ? `Create ${kindLabel}` : "Save"}
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Another shop's challenge, or one archived since: say so inside the admin's frame. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Challenge not found" backAction={{ content: "Challenges", url: "/app/challenges" }}>
        <Card>
          <Text as="p">This challenge is not in your programme. It may have been archived.</Text>
        </Card>
      </Page>
    );
  }
  return boundary.error(error);
}
