/**
 * One campaign, created ("new") or edited: the form parsed by parseCampaignForm
 * (app/domain/campaigns/form.ts). "Preview cost" validates what is typed and shows what it
 * would have cost over a comparable past period (projectCampaignCost) without saving
 * anything; "Save" stores it and goes back to the list. Pause/resume and archive post here
 * too. A refused post answers 400 with a message under each field and the fields as typed;
 * another shop's campaign is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, InlineStack } from "@shopify/polaris";
import { adminUrl } from "../admin/admin-url";
import { readAdminForm } from "../admin/form-body.server";
import { editedRow, editorRowIntent, orRowNotFound } from "../admin/programme-editor.server";
import { applyCampaignIntent, createCampaign, readCampaign, updateCampaign } from "../campaigns/campaign-admin.server";
import { programmeChoices } from "../campaigns/programme-names.server";
import { projectCampaignCost } from "../campaigns/projection.server";
import { CampaignFormSections } from "../components/campaigns/CampaignFormSections";
import { ProjectionCard } from "../components/campaigns/ProjectionCard";
import { SimulationCard, simulationView } from "../components/economics/SimulationCard";
import { ProgrammeEditorPage, useProgrammeEditor } from "../components/programme/ProgrammeEditor";
import { notFoundBoundary } from "../components/NotFoundBoundary";
import { db } from "../db.server";
import { simulateChange } from "../economics/simulate.server";
import {
  blankCampaignFields,
  campaignToFields,
  parseCampaignForm,
  type CampaignFields,
} from "../domain/campaigns/form";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.isNew ? "New campaign" : (data?.title ?? "Campaign")} · Loyalty Bazaar` },
];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const { isNew, found } = await editedRow("campaign", params.campaignId, (id) => readCampaign(db, shop.id, id));
  const fields: CampaignFields = found?.campaign
    ? campaignToFields(found.campaign, shop.timeZone)
    : { ...blankCampaignFields(), title: found?.record.title ?? "" };
  return {
    isNew,
    id: found?.record.id ?? null,
    title: found?.record.title ?? null,
    active: found?.record.active ?? true,
    problem: found?.error ?? null,
    fields,
    choices: await programmeChoices(db, shop.id),
    timeZone: shop.timeZone,
    currencyCode: shop.currencyCode,
  };
};

/** Only the form's own field names are read back (and echoed); anything else is dropped. */
const FIELD_NAMES = new Set(Object.keys(blankCampaignFields()));

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const { found: existing } = await editedRow("campaign", params.campaignId, (id) => readCampaign(db, shop.id, id));
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "save");
  const rowAnswer = await editorRowIntent(
    request,
    "campaign",
    "/app/campaigns",
    existing?.record.id ?? null,
    intent,
    (id, i) => applyCampaignIntent(db, shop.id, id, i),
  );
  if (rowAnswer) return rowAnswer;

  const fields: CampaignFields = {};
  for (const [name, value] of form.entries())
    if (FIELD_NAMES.has(name) && typeof value === "string") fields[name] = value;
  const choices = await programmeChoices(db, shop.id);
  const parsed = parseCampaignForm(fields, {
    timeZone: shop.timeZone,
    ruleIds: choices.rules.map((r) => r.id),
    tierIds: choices.tiers.map((t) => t.id),
    rewardIds: choices.rewards.map((r) => r.id),
  });
  if (!parsed.ok) return data({ errors: parsed.errors, fields, projection: null, simulation: null }, { status: 400 });
  if (intent === "simulate") {
    // What-if only: the campaign as typed replayed over the last 90 days (an edited one in place
    // of what it gave); nothing is saved.
    const simulation = await simulateChange(db, shop, {
      kind: "campaign",
      campaignId: existing?.record.id ?? null,
      definition: parsed.definition,
    });
    return { errors: {}, fields, projection: null, simulation: simulationView(simulation) };
  }
  if (intent === "preview") {
    const projection = await projectCampaignCost(db, shop, parsed.definition, new Date());
    return {
      errors: {},
      fields,
      projection: {
        from: projection.comparable.from.toISOString(),
        to: projection.comparable.to.toISOString(),
        extraPoints: projection.extraPoints,
        valueMinor: projection.valueMinor,
        basis: projection.basis,
      },
      simulation: null,
    };
  }
  const write = { title: parsed.title, definition: parsed.definition };
  const id = await orRowNotFound("campaign", async () =>
    existing
      ? (await updateCampaign(db, shop.id, existing.record.id, write), existing.record.id)
      : (await createCampaign(db, shop.id, write)).id,
  );
  return redirect(adminUrl(request, "/app/campaigns", { saved: id }));
};

// A refused post, a preview or a simulation wrote nothing: keep the page as it is.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) ||
  (actionResult && ("projection" in actionResult || "simulation" in actionResult))
    ? false
    : defaultShouldRevalidate;

export default function CampaignPage() {
  const loaded = useLoaderData<typeof loader>();
  return <CampaignEditor key={loaded.id ?? "new"} {...loaded} />;
}

function CampaignEditor(loaded: ReturnType<typeof useLoaderData<typeof loader>>) {
  const answer = useActionData<typeof action>();
  const { fields, errors, busyWith, post, onChange } = useProgrammeEditor<CampaignFields>(loaded.fields);
  const projection = (answer && "projection" in answer ? answer.projection : null) ?? null;
  const simulation = (answer && "simulation" in answer ? answer.simulation : null) ?? null;

  return (
    <ProgrammeEditorPage
      title={loaded.isNew ? "New campaign" : (loaded.title ?? "Campaign")}
      back={{ content: "Campaigns", url: "/app/campaigns" }}
      isNew={loaded.isNew}
      active={loaded.active}
      busyWith={busyWith}
      post={post}
      problemTitle="This campaign cannot run as stored"
      problem={loaded.problem}
      errors={errors}
      fixHint="preview or save again"
    >
      <CampaignFormSections
        fields={fields}
        errors={errors}
        choices={loaded.choices}
        timeZone={loaded.timeZone}
        onChange={onChange}
      />
      {/* Beside the buttons: the answer to "Preview cost" appears where it was asked for. */}
      <ProjectionCard projection={projection} currencyCode={loaded.currencyCode} timeZone={loaded.timeZone} />
      <SimulationCard simulation={simulation} currencyCode={loaded.currencyCode} />
      <InlineStack align="end" gap="200">
        <Button url="/app/campaigns">Cancel</Button>
        <Button onClick={() => post("preview")} loading={busyWith === "preview"}>
          Preview cost
        </Button>
        <Button onClick={() => post("simulate")} loading={busyWith === "simulate"}>
          Simulate on last 90 days
        </Button>
        <Button variant="primary" onClick={() => post("save")} loading={busyWith === "save"}>
          {loaded.isNew ? "Create campaign" : "Save"}
        </Button>
      </InlineStack>
    </ProgrammeEditorPage>
  );
}

/** Another shop's campaign, or one archived since: say so inside the admin's frame. */
export const ErrorBoundary = notFoundBoundary({
  title: "Campaign not found",
  back: { content: "Campaigns", url: "/app/campaigns" },
  message: "This campaign is not in your programme. It may have been archived.",
});
