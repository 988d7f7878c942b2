/**
 * One import: its dry run (rows matched, new members, unmatched, invalid, points), the first
 * problem rows, Apply and Revert (background work, app/imports/work.server.ts) with a progress
 * bar that polls while the work runs, and the rows not posted as a CSV download. Another
 * shop's import is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { IMPORT_STATUS_LABELS } from "../components/imports/import-status";
import { Figure } from "../components/member/Figure";
import { notFoundBoundary } from "../components/NotFoundBoundary";
import { db } from "../db.server";
import { importPresetSchema, PRESET_LAYOUTS } from "../domain/imports/presets";
import { readImportReport, requestApply, requestRevert } from "../imports/imports.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.report.fileName ?? "Import"} · Loyalty Bazaar` },
];

const notFound = () => new Response("Not found", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const report = await readImportReport(db, shop.id, params.importId ?? "");
  if (!report) throw notFound();
  const preset = importPresetSchema.safeParse(report.preset);
  return {
    report: {
      ...report,
      createdAt: report.createdAt.toISOString(),
      updatedAt: report.updatedAt.toISOString(),
      appliedAt: report.appliedAt?.toISOString() ?? null,
      revertedAt: report.revertedAt?.toISOString() ?? null,
      presetLabel: preset.success ? PRESET_LAYOUTS[preset.data].label : report.preset,
    },
    again: new URL(request.url).searchParams.get("again") === "1",
  };
};

const intentSchema = z.object({ intent: z.enum(["apply", "revert"]) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const importId = params.importId ?? "";
  if (!(await readImportReport(db, shop.id, importId))) throw notFound();
  const parsed = intentSchema.safeParse(Object.fromEntries(await readAdminForm(request)));
  if (!parsed.success) return data({ error: "Choose Apply or Revert." }, { status: 400 });
  const outcome =
    parsed.data.intent === "apply"
      ? await requestApply(db, shop.id, importId)
      : await requestRevert(db, shop.id, importId);
  if (!outcome.ok) return data({ error: outcome.message }, { status: 409 });
  return { started: parsed.data.intent };
};

const POLL_MS = 1000;

function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
}

export default function ImportPage() {
  const { report, again } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const working = report.status === "applying" || report.status === "reverting";
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);

  // While the background work runs, read its progress again every second.
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [working, revalidator]);

  const post = (intent: "apply" | "revert") => submit({ intent }, { method: "post" });
  const busy = navigation.state === "submitting";
  const notPosted = report.unmatchedRows + report.invalidRows + report.failedRows;
  const total = report.status === "reverting" ? report.processedRows + report.appliedRows : report.matchedRows;
  const progress = total === 0 ? 100 : Math.min(100, Math.round((report.processedRows / total) * 100));

  async function downloadFailed() {
    setDownloadProblem(null);
    try {
      const response = await fetch(`/app/imports/${report.id}/failed.csv`);
      if (!response.ok) {
        setDownloadProblem(`The download failed (HTTP ${response.status}).`);
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = fileNameOf(response, "rows-not-imported.csv");
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch {
      setDownloadProblem("The file could not be downloaded. Check your connection and try again.");
    }
  }

  return (
    <Page
      title={report.fileName}
      subtitle={`${report.presetLabel} · ${IMPORT_STATUS_LABELS[report.status] ?? report.status}`}
      backAction={{ content: "Import", url: "/app/imports" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {again && (
              <Banner tone="info" title="You uploaded this file before">
                <p>The same file is the same import: nothing will be posted twice.</p>
              </Banner>
            )}
            {answer && "error" in answer && (
              <Banner tone="critical">
                <p>{answer.error}</p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {report.status === "parsed" ? "Dry run" : "Rows"}
                </Text>
                <InlineGrid columns={{ xs: 2, md: report.status === "parsed" ? 5 : 4 }} gap="300">
                  <Figure label="Rows" value={String(report.totalRows)} />
                  <Figure label="Matched" value={String(report.matchedRows)} />
                  {/* Customer ids that are no member yet: enrolled when the import is applied. */}
                  {report.status === "parsed" && <Figure label="New members" value={String(report.newMembers)} />}
                  <Figure label="Unmatched" value={String(report.unmatchedRows)} />
                  <Figure label="Invalid" value={String(report.invalidRows)} />
                </InlineGrid>
                <Text as="p">
                  <span data-testid="import-total-points">{report.totalPoints}</span> points for the matched rows.
                  {report.status === "parsed" && " Nothing has been posted yet."}
                </Text>
                {report.status !== "parsed" && (
                  <Text as="p" tone="subdued">
                    Applied: {report.appliedRows} · failed: {report.failedRows}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {(working || report.status === "applied" || report.status === "reverted") && (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {report.status === "reverting" || report.status === "reverted" ? "Reverting" : "Applying"}
                  </Text>
                  <ProgressBar progress={working ? progress : 100} tone={working ? "highlight" : "success"} />
                  <Text as="p" tone="subdued">
                    {working
                      ? `${report.processedRows} of ${total} rows done…`
                      : report.status === "applied"
                        ? `Done: ${report.appliedRows} rows applied.`
                        : `Done: ${report.processedRows} rows reverted.`}
                  </Text>
                </BlockStack>
              </Card>
            )}
            {report.problems.length > 0 && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Rows not imported
                  </Text>
                  <DataTable
                    columnContentTypes={["numeric", "text", "text", "text"]}
                    headings={["Line", "Status", "Why", "Row"]}
                    rows={report.problems.map((p) => [p.line, p.status, p.error ?? "", p.raw])}
                  />
                  {downloadProblem && (
                    <Banner tone="critical" onDismiss={() => setDownloadProblem(null)}>
                      <p>{downloadProblem}</p>
                    </Banner>
                  )}
                  <div>
                    <Button onClick={downloadFailed}>{`Download all ${notPosted} rows not imported`}</Button>
                  </div>
                </BlockStack>
              </Card>
            )}
            <InlineStack align="end" gap="200">
              <Button url="/app/imports">Back</Button>
              {report.status === "applied" && (
                <Button tone="critical" onClick={() => post("revert")} loading={busy}>
                  Revert import
                </Button>
              )}
              {report.status === "parsed" && (
                <Button
                  variant="primary"
                  onClick={() => post("apply")}
                  loading={busy}
                  disabled={report.matchedRows === 0}
                >
                  {`Apply ${report.totalPoints} points`}
                </Button>
              )}
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({
  title: "Import not found",
  back: { content: "Import", url: "/app/imports" },
  message: "This import is not in your shop.",
});
