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
import {
  archiveCampaign,
  createCampaign,
  ProgrammeRowNotFoundError,
  readCampaign,
  setCampaignActive,
  updateCampaign,
} from "../campaigns/campaign-admin.server";
import { programmeChoices } from "../campaigns/programme-names.server";
import { projectCampaignCost } from "../campaigns/projection.server";
import { CampaignFormSections } from "../components/campaigns/CampaignFormSections";
import { ProjectionCard } from "../components/campaigns/ProjectionCard";
import { db } from "../db.server";
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

function notFound(): Response {
  return new Response("This campaign is not in your programme.", { status: 404 });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const isNew = params.campaignId === "new";
  const found = isNew ? null : await readCampaign(db, shop.id, params.campaignId ?? "");
  if (!isNew && !found) throw notFound();
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
  const isNew = params.campaignId === "new";
  const existing = isNew ? null : await readCampaign(db, shop.id, params.campaignId ?? "");
  if (!isNew && !existing) throw notFound();
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "save");
  try {
    if (existing && (intent === "pause" || intent === "resume")) {
      await setCampaignActive(db, shop.id, existing.record.id, intent === "resume");
      return { done: intent };
    }
    if (existing && intent === "archive") {
      await archiveCampaign(db, shop.id, existing.record.id);
      return redirect(adminUrl(request, "/app/campaigns"));
    }
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) throw notFound();
    throw error;
  }

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
  if (!parsed.ok) return data({ errors: parsed.errors, fields, projection: null }, { status: 400 });
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
    };
  }
  try {
    const write = { title: parsed.title, definition: parsed.definition };
    const id = existing
      ? (await updateCampaign(db, shop.id, existing.record.id, write), existing.record.id)
      : (await createCampaign(db, shop.id, write)).id;
    return redirect(adminUrl(request, "/app/campaigns", { saved: id }));
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) throw notFound();
    throw error;
  }
};

// A refused post or a preview wrote nothing: keep the page as it is.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) || (actionResult && "projection" in actionResult)
    ? false
    : defaultShouldRevalidate;

export default function CampaignPage() {
  const loaded = useLoaderData<typeof loader>();
  return <CampaignEditor key={loaded.id ?? "new"} {...loaded} />;
}

function CampaignEditor(loaded: ReturnType<typeof useLoaderData<typeof loader>>) {
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [fields, setFields] = useState<CampaignFields>(
    (answer && "fields" in answer ? answer.fields : undefined) ?? loaded.fields,
  );
  const errors: Record<string, string> = (answer && "errors" in answer ? answer.errors : undefined) ?? {};
  const projection = (answer && "projection" in answer ? answer.projection : null) ?? null;
  const hasErrors = Object.keys(errors).length > 0;
  const busyWith = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const post = (intent: string) => submit({ ...fields, intent }, { method: "post" });
  const onChange = (name: string, value: string) => setFields((current) => ({ ...current, [name]: value }));

  return (
    <Page
      title={loaded.isNew ? "New campaign" : (loaded.title ?? "Campaign")}
      titleMetadata={loaded.isNew || loaded.active ? undefined : <Badge>Paused</Badge>}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
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
              <Banner tone="warning" title="This campaign cannot run as stored">
                <p>{loaded.problem} Fill in the form again and save to fix it.</p>
              </Banner>
            )}
            {hasErrors && (
              <Banner tone="critical" title="Some fields need a second look">
                <p>Nothing was saved. Fix the fields marked below, then preview or save again.</p>
                {errors.form && <p>{errors.form}</p>}
              </Banner>
            )}
            <CampaignFormSections
              fields={fields}
              errors={errors}
              choices={loaded.choices}
              timeZone={loaded.timeZone}
              onChange={onChange}
            />
            {/* Beside the buttons: the answer to "Preview cost" appears where it was asked for. */}
            <ProjectionCard projection={projection} currencyCode={loaded.currencyCode} timeZone={loaded.timeZone} />
            <InlineStack align="end" gap="200">
              <Button url="/app/campaigns">Cancel</Button>
              <Button onClick={() => post("preview")} loading={busyWith === "preview"}>
                Preview cost
              </Button>
              <Button variant="primary" onClick={() => post("save")} loading={busyWith === "save"}>
                {loaded.isNew ? "Create campaign" : "Save"}
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Another shop's campaign, or one archived since: say so inside the admin's frame. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Campaign not found" backAction={{ content: "Campaigns", url: "/app/campaigns" }}>
        <Card>
          <Text as="p">This campaign is not in your programme. It may have been archived.</Text>
        </Card>
      </Page>
    );
  }
  return boundary.error(error);
}
