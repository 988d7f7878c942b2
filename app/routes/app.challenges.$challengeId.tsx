/**
 * One challenge, milestone or streak, created ("new", ?kind=) or edited: the kind's form
 * parsed by parseChallengeForm (app/domain/challenges/form.ts). A refused post answers 400
 * with a message under each field and the fields as typed; a save goes back to the list.
 * The kind of a stored one stays; a catalogue reward must be the shop's own; another shop's
 * challenge is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { syncRewardedPagesSoon } from "../shopify-facts/rewarded-pages.server";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useLoaderData } from "@remix-run/react";
import { Button, InlineStack } from "@shopify/polaris";
import { adminUrl } from "../admin/admin-url";
import { readAdminForm } from "../admin/form-body.server";
import { editedRow, editorRowIntent, orRowNotFound } from "../admin/programme-editor.server";
import { programmeChoices } from "../campaigns/programme-names.server";
import {
  applyChallengeIntent,
  createChallenge,
  readChallenge,
  updateChallenge,
} from "../challenges/challenge-admin.server";
import { ChallengeFormSections } from "../components/challenges/ChallengeFormSections";
import { ProgrammeEditorPage, useProgrammeEditor } from "../components/programme/ProgrammeEditor";
import { notFoundBoundary } from "../components/NotFoundBoundary";
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

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const { isNew, found } = await editedRow("challenge", params.challengeId, (id) => readChallenge(db, shop.id, id));
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
  const { found: existing } = await editedRow("challenge", params.challengeId, (id) => readChallenge(db, shop.id, id));
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "save");
  const rowAnswer = await editorRowIntent(
    request,
    "challenge",
    "/app/challenges",
    existing?.record.id ?? null,
    intent,
    // Pausing or archiving a pages challenge changes which pages the widget reports.
    async (id, i) => {
      await applyChallengeIntent(db, shop.id, id, i);
      await syncRewardedPagesSoon(db, shop.id);
    },
  );
  if (rowAnswer) return rowAnswer;
  return orRowNotFound("challenge", async () => {
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
    // The storefront learns a pages challenge's pages from Shopify (the scheduled work retries a failure).
    await syncRewardedPagesSoon(db, shop.id);
    return redirect(adminUrl(request, "/app/challenges", { saved: id }));
  });
};

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

export default function ChallengePage() {
  const loaded = useLoaderData<typeof loader>();
  return <ChallengeEditor key={`${loaded.id ?? "new"}-${loaded.kind}`} {...loaded} />;
}

function ChallengeEditor(loaded: ReturnType<typeof useLoaderData<typeof loader>>) {
  const { fields, errors, busyWith, post, onChange } = useProgrammeEditor<ChallengeFields>(loaded.fields);
  const kindLabel = KIND_LABELS[loaded.kind].toLowerCase();

  return (
    <ProgrammeEditorPage
      title={loaded.isNew ? `New ${kindLabel}` : (loaded.title ?? "Challenge")}
      subtitle={loaded.isNew ? undefined : KIND_LABELS[loaded.kind]}
      back={{ content: "Challenges", url: "/app/challenges" }}
      isNew={loaded.isNew}
      active={loaded.active}
      busyWith={busyWith}
      post={post}
      problemTitle="This cannot count as stored"
      problem={loaded.problem}
      errors={errors}
      fixHint="save again"
      errorKeys={["form", "kind"]}
    >
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
    </ProgrammeEditorPage>
  );
}

/** Another shop's challenge, or one archived since: say so inside the admin's frame. */
export const ErrorBoundary = notFoundBoundary({
  title: "Challenge not found",
  back: { content: "Challenges", url: "/app/challenges" },
  message: "This challenge is not in your programme. It may have been archived.",
});
